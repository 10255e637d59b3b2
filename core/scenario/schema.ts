// The keys each object of a scenario file may hold (scenario-format.md). Anything else is an error.
// Values are checked in parse.ts, where each read reports at its own node.

export const TOP_KEYS = [
  'windtunnel', 'name', 'description', 'airflow', 'rules', 'config', 'clock', 'seed', 'pools', 'assets',
  'dags', 'events', 'lesson',
] as const;

export const RULES_KEYS = ['prior_run_order'] as const;

export const CONFIG_KEYS = [
  'catchup_by_default', 'create_cron_data_intervals', 'max_active_runs_per_dag', 'max_active_tasks_per_dag',
  'parallelism', 'default_timezone',
] as const;

export const CLOCK_KEYS = ['start', 'end'] as const;

export const ASSET_KEYS = ['name', 'uri', 'watchers'] as const;
export const WATCHER_KEYS = ['name', 'queue'] as const;

export const DAG_KEYS = [
  'dag_id', 'schedule', 'start_date', 'end_date', 'timezone', 'catchup', 'paused', 'max_active_runs',
  'max_active_tasks', 'max_consecutive_failed_dag_runs', 'dagrun_timeout', 'params', 'default_args', 'tasks',
] as const;

export const TASK_KEYS = [
  'task_id', 'operator', 'upstream', 'duration', 'outcome', 'returns', 'templates', 'trigger_rule',
  'depends_on_past', 'wait_for_downstream', 'ignore_first_depends_on_past', 'retries', 'retry_delay',
  'retry_exponential_backoff', 'max_retry_delay', 'execution_timeout', 'pool', 'pool_slots', 'priority_weight', 'weight_rule',
  'max_active_tis_per_dag', 'max_active_tis_per_dagrun', 'outlets', 'trigger', 'start_date', 'end_date',
  'expand', 'expand_kwargs', 'sensor', 'branch', 'condition', 'ignore_downstream_trigger_rules', 'setup', 'teardown',
  'on_failure_fail_dagrun', 'alias_outlets',
] as const;

/** default_args takes any task key except the task's identity, its place in the graph and its mapping. */
/** The task_flow.ts keys are a task's own too: its decision and its setup/teardown role. */
export const TASK_FLOW_KEYS = ['branch', 'condition', 'ignore_downstream_trigger_rules', 'setup', 'teardown', 'on_failure_fail_dagrun', 'alias_outlets'];
export const DEFAULT_ARGS_KEYS = TASK_KEYS.filter((k) => !['task_id', 'upstream', 'operator', 'expand', 'expand_kwargs', 'sensor', ...TASK_FLOW_KEYS].includes(k));

export const TRIGGER_KEYS = [
  'dag_id', 'conf', 'logical_date', 'trigger_run_id', 'wait_for_completion', 'poke_interval', 'allowed_states',
  'failed_states', 'reset_dag_run', 'skip_when_already_exists', 'fail_when_dag_is_paused',
] as const;

/** Schedule mappings: the key naming the form, and the options each form takes. */
export const SCHEDULE_FORMS = {
  delta: [],
  cron_trigger: ['interval', 'run_immediately'],
  cron_data_interval: [],
  delta_trigger: ['interval'],
  delta_data_interval: [],
  multiple_cron: ['interval', 'run_immediately'],
  events: ['restrict_to_events'],
  assets: ['or_schedule'],
} as const satisfies Record<string, readonly string[]>;
export type ScheduleForm = keyof typeof SCHEDULE_FORMS;
export const SCHEDULE_FORM_KEYS = Object.keys(SCHEDULE_FORMS) as ScheduleForm[];
export const SCHEDULE_OPTION_KEYS = ['interval', 'run_immediately', 'restrict_to_events', 'or_schedule'] as const;

/** `sensor:` of an `operator: sensor` task (model/sensor.ts). */
export const SENSOR_KEYS = [
  'mode', 'poke_interval', 'timeout', 'soft_fail', 'exponential_backoff', 'max_wait', 'succeeds_at', 'external',
] as const;
export const EXTERNAL_TASK_KEYS = ['dag_id', 'task_id', 'allowed_states', 'failed_states', 'execution_delta'] as const;

export const OUTCOME_FORMS = ['fail_tries', 'fail_if'] as const;

/** Events: `at` plus exactly one of these. */
export const EVENT_KINDS = [
  'trigger', 'api', 'message', 'asset_event', 'backfill', 'pause', 'unpause', 'clear', 'mark',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KEYS = ['at', ...EVENT_KINDS] as const;

export const EVENT_FIELDS = {
  trigger: ['dag_id', 'conf', 'logical_date', 'run_id', 'via'],
  api: ['method', 'path', 'body'],
  message: ['queue', 'payload'],
  asset_event: ['asset', 'extra'],
  backfill: ['dag_id', 'from_date', 'to_date', 'reprocess_behavior', 'max_active_runs', 'run_backwards', 'dag_run_conf'],
  clear: ['dag_id', 'run_id', 'task_ids', 'only_failed', 'upstream', 'downstream', 'future', 'past', 'dag_run_state'],
  mark: ['dag_id', 'run_id', 'task_id', 'map_index', 'state'],
} as const;
