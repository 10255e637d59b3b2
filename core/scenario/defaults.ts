// Profile defaults as data: what a scenario gets for every key it leaves out. Values are Airflow's
// own defaults for the profile (airflow3-semantics.md §3.1, §4.5–4.7, §9.1, §11).
import type { AirflowConfig, PriorRunOrder, Profile, TriggerRule, WeightRule } from '../model/scenario.js';

export const FORMAT_VERSION = 1;
export const PROFILES: readonly Profile[] = ['2', '3.0', '3.1', '3.2', '3.3'];
/** What `airflow:` means when a scenario leaves it out: the newest Airflow release. */
export const DEFAULT_PROFILE: Profile = '3.3';
export const PRIOR_RUN_ORDERS: readonly PriorRunOrder[] = ['logical_date', 'run_after'];
export const DEFAULT_PRIOR_RUN_ORDER: PriorRunOrder = 'logical_date';

/** 3.1 through 3.3 kept these defaults (config.yml of each installed release). */
const AIRFLOW_3_CONFIG: Readonly<AirflowConfig> = {
  catchup_by_default: false,
  create_cron_data_intervals: false,
  max_active_runs_per_dag: 16,
  max_active_tasks_per_dag: 16,
  parallelism: 32,
  default_timezone: 'UTC',
};

/** `[scheduler]`/`[core]` config per profile. Airflow 3 turned catchup and cron data intervals off. */
export const PROFILE_CONFIG: Readonly<Record<Profile, Readonly<AirflowConfig>>> = {
  '2': {
    catchup_by_default: true,
    create_cron_data_intervals: true,
    max_active_runs_per_dag: 16,
    max_active_tasks_per_dag: 16,
    parallelism: 32,
    default_timezone: 'UTC',
  },
  '3.0': {
    catchup_by_default: false,
    create_cron_data_intervals: false,
    max_active_runs_per_dag: 16,
    max_active_tasks_per_dag: 16,
    parallelism: 32,
    default_timezone: 'UTC',
  },
  '3.1': AIRFLOW_3_CONFIG,
  '3.2': AIRFLOW_3_CONFIG,
  '3.3': AIRFLOW_3_CONFIG,
};

export const DEFAULT_POOL = 'default_pool';
/** `[core] default_pool_task_slot_count`. */
export const DEFAULT_POOL_SLOTS = 128;
export const DEFAULT_SEED = 0;

export const DAG_DEFAULTS = {
  paused: false,
  max_consecutive_failed_dag_runs: 0,
} as const;

/** Trigger rules each profile accepts. 3.0 dropped `dummy` and `none_failed_or_skipped`; 3.1 added
 * `all_done_min_one_success`. */
const RULES_3_0: readonly TriggerRule[] = [
  'all_success', 'all_failed', 'all_done', 'all_done_setup_success', 'one_success', 'one_failed',
  'one_done', 'none_failed', 'none_failed_min_one_success', 'none_skipped', 'all_skipped', 'always',
];
const RULES_3_1: readonly TriggerRule[] = [...RULES_3_0, 'all_done_min_one_success'];
export const TRIGGER_RULES: Readonly<Record<Profile, readonly TriggerRule[]>> = {
  '2': RULES_3_0,
  '3.0': RULES_3_0,
  '3.1': RULES_3_1,
  '3.2': RULES_3_1,
  '3.3': RULES_3_1,
};
/** Airflow 2's deprecated spellings, rewritten (with a warning) the way BaseOperator did. */
export const AIRFLOW2_TRIGGER_RULE_ALIASES: Readonly<Record<string, TriggerRule>> = {
  dummy: 'always',
  none_failed_or_skipped: 'none_failed_min_one_success',
};

export const WEIGHT_RULES: readonly WeightRule[] = ['downstream', 'upstream', 'absolute'];
export const OPERATORS = ['python', 'empty', 'trigger_dagrun', 'sensor', 'branch', 'short_circuit'] as const;

/** BaseOperator defaults (task-sdk abstractoperator.py) plus Windtunnel's simulated work. */
export const TASK_DEFAULTS = {
  operator: 'python',
  duration_ms: 60_000,
  trigger_rule: 'all_success',
  depends_on_past: false,
  wait_for_downstream: false,
  ignore_first_depends_on_past: false,
  retries: 0,
  retry_delay_ms: 300_000,
  retry_exponential_backoff: false,
  max_retry_delay_ms: null,
  execution_timeout_ms: null,
  pool: DEFAULT_POOL,
  pool_slots: 1,
  priority_weight: 1,
  weight_rule: 'downstream',
  max_active_tis_per_dag: null,
  max_active_tis_per_dagrun: null,
} as const;

/** TriggerDagRunOperator defaults (providers/standard operators/trigger_dagrun.py). */
export const TRIGGER_DEFAULTS = {
  trigger_run_id: null,
  wait_for_completion: false,
  poke_interval_ms: 60_000,
  allowed_states: ['success'],
  failed_states: ['failed'],
  reset_dag_run: false,
  skip_when_already_exists: false,
  fail_when_dag_is_paused: false,
} as const;

/** DagRunState values, for allowed_states/failed_states and `mark` on a run. */
export const DAG_RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
/** States `mark` may set: a run (PATCH dagRun) or a task instance (PATCH taskInstance). */
export const MARK_RUN_STATES = ['queued', 'success', 'failed'] as const;
export const MARK_TASK_STATES = ['success', 'failed', 'skipped'] as const;

export const TRIGGER_VIAS = ['cli', 'ui', 'api', 'operator'] as const;
export const REPROCESS_BEHAVIORS = ['none', 'failed', 'completed'] as const;
/** Backfill max_active_runs default (models/backfill.py). */
export const BACKFILL_MAX_ACTIVE_RUNS = 10;
export const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

/** Airflow's `validate_key`: dag_id and task_id. */
export const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;
export const KEY_MAX_LENGTH = 250;
/** Scenario names. */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
