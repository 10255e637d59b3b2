// Every key of the scenario format and where `export-dags` puts it. The test suite checks this
// table against the parser's key lists (core/scenario/schema.ts), so a new scenario key cannot be
// added without deciding how it reaches Airflow, or saying why it cannot.

import { TASK_FLOW_KEYS } from '../../scenario/schema.js';

const TASK: Record<string, string> = {
  task_id: 'the operator\'s task_id=',
  operator: 'PythonOperator (python), EmptyOperator (empty), TriggerDagRunOperator (trigger_dagrun), BranchPythonOperator (branch), ShortCircuitOperator (short_circuit), a sensor class (sensor)',
  upstream: 'a `upstream >> task` line',
  duration: 'windtunnel_work op_kwargs["duration"] (seconds; [min, max] for uniform); noted for empty/trigger_dagrun',
  outcome: 'windtunnel_work op_kwargs["outcome"]; noted for empty/trigger_dagrun',
  returns: 'windtunnel_work op_kwargs["returns"] (rendered, returned as XCom return_value); noted for empty/trigger_dagrun',
  'templates.*': 'windtunnel_work op_kwargs["templates"] (rendered by PythonOperator); noted for empty/trigger_dagrun',
  trigger_rule: 'trigger_rule=',
  depends_on_past: 'depends_on_past=',
  wait_for_downstream: 'wait_for_downstream=',
  ignore_first_depends_on_past: 'ignore_first_depends_on_past=',
  retries: 'retries=',
  retry_delay: 'retry_delay=timedelta(...)',
  retry_exponential_backoff: 'retry_exponential_backoff=',
  max_retry_delay: 'max_retry_delay=timedelta(...)',
  execution_timeout: 'execution_timeout=timedelta(...)',
  expand: 'Operator.partial(<the other arguments>).expand(op_kwargs=[one dict per map index])',
  expand_kwargs: 'Operator.partial(<the other arguments>).expand(op_kwargs=[one dict per map index])',
  pool: 'pool= (the pool itself is created by replay_events.py)',
  pool_slots: 'pool_slots=',
  priority_weight: 'priority_weight=',
  weight_rule: 'weight_rule=',
  max_active_tis_per_dag: 'max_active_tis_per_dag=',
  max_active_tis_per_dagrun: 'max_active_tis_per_dagrun=',
  outlets: 'outlets=[Asset, ...]',
  start_date: 'the task\'s start_date=',
  end_date: 'the task\'s end_date=',
  branch: 'BranchPythonOperator(python_callable=windtunnel_branch, op_kwargs["branch"], or ["choose"]: the run\'s entry picked by the FNV-1a hash of seed:dag_id:run_id:task_id)',
  condition: 'ShortCircuitOperator(python_callable=windtunnel_condition, op_kwargs["condition"])',
  ignore_downstream_trigger_rules: 'ShortCircuitOperator(ignore_downstream_trigger_rules=)',
  sensor: 'PythonSensor(python_callable=windtunnel_sensor_condition, op_kwargs={"at"|"after"}), ExternalTaskSensor(external_dag_id=, external_task_id=, allowed_states=, failed_states=, execution_delta=) or, for mode deferrable, DateTimeSensorTimeoutAsync(target_time=); with mode=, poke_interval=, timeout=, soft_fail=, exponential_backoff=, max_wait=',
  setup: 'a `task.as_setup()` line',
  teardown: 'a `task.as_teardown(setups=[...])` line',
  on_failure_fail_dagrun: 'as_teardown(on_failure_fail_dagrun=True)',
  alias_outlets: 'outlets=[..., AssetAlias(name)] and PythonOperator(python_callable=windtunnel_alias_work, op_kwargs["alias_adds"]): outlet_events[AssetAlias(alias)].add(Asset(...)) after the work',
};

const TRIGGER: Record<string, string> = {
  dag_id: 'TriggerDagRunOperator(trigger_dag_id=)',
  conf: 'conf=',
  logical_date: 'logical_date= (omitted = NOTSET = now; null = None)',
  trigger_run_id: 'trigger_run_id=',
  wait_for_completion: 'wait_for_completion=',
  poke_interval: 'poke_interval= (seconds)',
  allowed_states: 'allowed_states=',
  failed_states: 'failed_states=',
  reset_dag_run: 'reset_dag_run=',
  skip_when_already_exists: 'skip_when_already_exists=',
  fail_when_dag_is_paused: 'fail_when_dag_is_paused=',
};

const SCHEDULE: Record<string, string> = {
  '': 'schedule= with the timetable class named (CronTrigger or CronDataInterval per config.create_cron_data_intervals)',
  '.delta': 'DeltaTriggerTimetable or DeltaDataIntervalTimetable per config.create_cron_data_intervals',
  '.cron_trigger': 'CronTriggerTimetable(cron, timezone=...)',
  '.cron_data_interval': 'CronDataIntervalTimetable(cron, timezone=...)',
  '.delta_trigger': 'DeltaTriggerTimetable(delta)',
  '.delta_data_interval': 'DeltaDataIntervalTimetable(delta)',
  '.multiple_cron': 'MultipleCronTriggerTimetable(*crons, timezone=...)',
  '.events': 'EventsTimetable(event_dates=[...])',
  '.assets': 'Asset / AssetAll / AssetAny (AssetOrTimeSchedule(assets=...) with or_schedule)',
  '.interval': 'interval=timedelta(...)',
  '.run_immediately': 'run_immediately=',
  '.restrict_to_events': 'restrict_to_events=',
  '.or_schedule': 'AssetOrTimeSchedule(timetable=...)',
};

/** Keys that hold other keys; the trace lists them only when they are written empty. */
export const CONTAINERS = [
  'rules', 'config', 'clock', 'pools', 'assets', 'dags', 'events', 'assets[].watchers', 'dags[].default_args', 'dags[].tasks',
  'dags[].tasks[].templates', 'dags[].tasks[].trigger', 'dags[].default_args.templates', 'dags[].default_args.trigger',
] as const;

function build(): Record<string, string> {
  const m: Record<string, string> = {
    windtunnel: 'replay_events.py WINDTUNNEL_FORMAT and every file header',
    name: 'replay_events.py SCENARIO, file headers, DAG tags',
    description: 'DOC_MD (the DAG\'s doc_md) and the replay_events.py header',
    lesson: 'noted: Windtunnel teaching material (claims, guided steps), nothing in Airflow',
    airflow: 'file headers; profiles other than "3.1" are noted',
    'rules.prior_run_order': 'noted: Airflow always orders previous-run lookups by logical_date',
    'config.catchup_by_default': 'each DAG\'s explicit catchup=',
    'config.create_cron_data_intervals': 'each schedule\'s explicit timetable class',
    'config.max_active_runs_per_dag': 'each DAG\'s explicit max_active_runs=',
    'config.max_active_tasks_per_dag': 'each DAG\'s explicit max_active_tasks=',
    'config.parallelism': 'noted: deployment setting AIRFLOW__CORE__PARALLELISM',
    'config.default_timezone': 'aware datetimes everywhere; noted: AIRFLOW__CORE__DEFAULT_TIMEZONE',
    'clock.start': 'replay_events.py CLOCK_START (offset 0 of the replay)',
    'clock.end': 'replay_events.py CLOCK_END (later events are not replayed)',
    seed: 'SCENARIO_SEED (uniform durations are drawn from it per try)',
    'pools.*': 'replay_events.py POOLS, created through POST /api/v2/pools',
    'assets[].name': 'Asset(name=...)',
    'assets[].uri': 'Asset(uri=...)',
    'assets[].watchers[].name': 'AssetWatcher(name=...) on the assets a DAG is scheduled on',
    'assets[].watchers[].queue': 'MessageQueueTrigger(queue=QUEUES[...]), a real queue URI to fill in',
    'dags[].dag_id': 'DAG(dag_id=...) and the file name',
    'dags[].start_date': 'start_date=pendulum.datetime(...) in the DAG\'s time zone',
    'dags[].end_date': 'end_date=pendulum.datetime(...)',
    'dags[].timezone': 'the start_date\'s zone and the cron timetable\'s timezone=',
    'dags[].catchup': 'catchup=',
    'dags[].paused': 'is_paused_upon_creation= and replay_events.py DAGS_PAUSED',
    'dags[].max_active_runs': 'max_active_runs=',
    'dags[].max_active_tasks': 'max_active_tasks=',
    'dags[].max_consecutive_failed_dag_runs': 'max_consecutive_failed_dag_runs=',
    'dags[].dagrun_timeout': 'dagrun_timeout=timedelta(...)',
    'dags[].params': 'params={...}',
    'events[].at': 'replay_events.py: the event\'s offset after CLOCK_START',
    'events[].pause': 'PATCH /api/v2/dags/{dag_id} {"is_paused": true}',
    'events[].unpause': 'PATCH /api/v2/dags/{dag_id} {"is_paused": false}',
  };
  for (const [k, v] of Object.entries(SCHEDULE)) {
    m[`dags[].schedule${k}`] = v;
    if (k !== '' && k !== '.or_schedule' && k !== '.assets' && k !== '.restrict_to_events' && k !== '.events') m[`dags[].schedule.or_schedule${k}`] = `inside AssetOrTimeSchedule: ${v}`;
  }
  m['dags[].schedule.or_schedule'] = SCHEDULE['.or_schedule'];
  m['dags[].schedule.or_schedule.events'] = `inside AssetOrTimeSchedule: ${SCHEDULE['.events']}`;
  m['dags[].schedule.or_schedule.restrict_to_events'] = `inside AssetOrTimeSchedule: ${SCHEDULE['.restrict_to_events']}`;
  for (const [k, v] of Object.entries(TASK)) {
    m[`dags[].tasks[].${k}`] = v;
    if (!['task_id', 'upstream', 'operator', 'expand', 'expand_kwargs', 'sensor', ...TASK_FLOW_KEYS].includes(k)) m[`dags[].default_args.${k}`] = `default_args["${k}"] for BaseOperator arguments; simulated-work keys go into each task's op_kwargs (${v})`;
  }
  for (const [k, v] of Object.entries(TRIGGER)) {
    m[`dags[].tasks[].trigger.${k}`] = v;
    m[`dags[].default_args.trigger.${k}`] = `written as each TriggerDagRunOperator's ${v}`;
  }
  const events: Record<string, Record<string, string>> = {
    trigger: { dag_id: 'POST /api/v2/dags/{dag_id}/dagRuns', conf: 'body conf', logical_date: 'body logical_date (now for ui/operator when omitted)', run_id: 'body dag_run_id', via: 'noted: cli/operator triggers go through the REST path' },
    api: { method: 'the request method', path: 'the request path', body: 'the request body' },
    message: { queue: 'POST /api/v2/assets/events on each asset watching the queue (noted)', payload: 'extra {"from_trigger": true, "payload": ...}' },
    asset_event: { asset: 'POST /api/v2/assets/events {asset_id} (id looked up by name)', extra: 'body extra' },
    backfill: { dag_id: 'POST /api/v2/backfills', from_date: 'body from_date', to_date: 'body to_date', reprocess_behavior: 'body reprocess_behavior', max_active_runs: 'body max_active_runs', run_backwards: 'body run_backwards', dag_run_conf: 'body dag_run_conf' },
    clear: { dag_id: 'POST .../dagRuns/{run_id}/clear or /clearTaskInstances', run_id: 'the run (noted when a replay cannot know its real id)', task_ids: 'body task_ids', only_failed: 'body only_failed',
      upstream: 'body include_upstream', downstream: 'body include_downstream',
      future: 'body include_future', past: 'body include_past',
      dag_run_state: 'body reset_dag_runs (false for null)' },
    mark: { dag_id: 'PATCH .../dagRuns/{run_id} or .../taskInstances/{task_id}', run_id: 'the run (noted when a replay cannot know its real id)', task_id: 'the task instance, or the whole run', map_index: 'noted: replay_events.py marks the whole task', state: 'body state / new_state' },
  };
  for (const [kind, fields] of Object.entries(events)) for (const [f, v] of Object.entries(fields)) m[`events[].${kind}.${f}`] = v;
  // Containers written empty (`config: {}`, `default_args: null`, `tasks: []`): nothing to express.
  for (const c of CONTAINERS) m[c] = 'a container: its keys are listed separately; written empty, it is noted';
  return m;
}

/** Key pattern (`dags[].tasks[].retries`, `pools.*`) → how it is expressed for Airflow. */
export const KEY_MAP: Readonly<Record<string, string>> = build();
