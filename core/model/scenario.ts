// The validated, defaulted scenario: what the parser produces and the engine consumes.
// Instants are epoch milliseconds (UTC). Durations keep calendar months apart from fixed time,
// because Airflow accepts relativedelta (P1M) where a timedelta would be wrong.

import type { SkipRule, TaskRole } from './task_flow.js';

import type { SensorSpec } from './sensor.js';

export type Instant = number;

/** ISO 8601 duration reduced to calendar months plus fixed milliseconds. */
export interface Duration {
  months: number;
  ms: number;
  /** The text as written (for messages and exports), e.g. "PT1H". */
  iso: string;
}

export type Profile = '2' | '3.0' | '3.1' | '3.2' | '3.3';
export type PriorRunOrder = 'logical_date' | 'run_after';

export type AssetCondition =
  | { kind: 'asset'; name: string }
  /** AssetAlias: holds when any asset linked to the alias (at evaluation time) is queued. */
  | { kind: 'alias'; name: string }
  | { kind: 'all'; of: AssetCondition[] }
  | { kind: 'any'; of: AssetCondition[] };

export interface AliasOutlet { alias: string; adds: string[] }

export type ScheduleSpec =
  | { kind: 'null' }
  | { kind: 'once' }
  | { kind: 'continuous' }
  /** A plain cron string or preset: CronTrigger or CronDataInterval per create_cron_data_intervals. */
  | { kind: 'cron'; cron: string }
  /** `{delta: PT1H}`: DeltaTrigger or DeltaDataInterval per create_cron_data_intervals. */
  | { kind: 'delta'; delta: Duration }
  | { kind: 'cron_trigger'; cron: string; interval: Duration; run_immediately: boolean | Duration }
  | { kind: 'cron_data_interval'; cron: string }
  | { kind: 'delta_trigger'; delta: Duration; interval: Duration }
  | { kind: 'delta_data_interval'; delta: Duration }
  | { kind: 'multiple_cron'; crons: string[]; interval: Duration; run_immediately: boolean | Duration }
  | { kind: 'events'; events: Instant[]; restrict_to_events: boolean }
  | { kind: 'assets'; condition: AssetCondition }
  | { kind: 'asset_or_time'; condition: AssetCondition; timetable: ScheduleSpec };

export type TriggerRule =
  | 'all_success' | 'all_failed' | 'all_done' | 'all_done_setup_success' | 'all_done_min_one_success'
  | 'one_success' | 'one_failed' | 'one_done' | 'none_failed' | 'none_failed_min_one_success'
  | 'none_skipped' | 'all_skipped' | 'always';

export type WeightRule = 'downstream' | 'upstream' | 'absolute';

export type TaskDuration =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; min_ms: number; max_ms: number };

export type TaskOutcome =
  | { kind: 'success' }
  | { kind: 'failed' }
  | { kind: 'skipped' }
  | { kind: 'fail_tries'; tries: number }
  | { kind: 'fail_if'; template: string };

export interface TriggerSpec {
  dag_id: string;
  conf: unknown;
  /** undefined: the profile's default (now); null: no logical date; string: a template. */
  logical_date: string | null | undefined;
  trigger_run_id: string | null;
  wait_for_completion: boolean;
  poke_interval_ms: number;
  allowed_states: string[];
  failed_states: string[];
  reset_dag_run: boolean;
  skip_when_already_exists: boolean;
  fail_when_dag_is_paused: boolean;
}

export interface TaskSpec {
  task_id: string;
  operator: 'python' | 'empty' | 'trigger_dagrun' | 'sensor' | 'branch' | 'short_circuit';
  upstream: string[];
  duration: TaskDuration;
  outcome: TaskOutcome;
  returns: string | null;
  /** `returns: [..]`: a list pushed as return_value (string items rendered as templates); what an
   * `expand: {arg: {xcom: task}}` downstream maps over. `returns` is then null. */
  returns_list?: unknown[];
  templates: Record<string, string>;
  trigger_rule: TriggerRule;
  depends_on_past: boolean;
  wait_for_downstream: boolean;
  ignore_first_depends_on_past: boolean;
  retries: number;
  retry_delay_ms: number;
  retry_exponential_backoff: boolean;
  max_retry_delay_ms: number | null;
  /** A try still running this long after it started fails (AirflowTaskTimeout); null: no limit. */
  execution_timeout_ms: number | null;
  pool: string;
  pool_slots: number;
  priority_weight: number;
  weight_rule: WeightRule;
  max_active_tis_per_dag: number | null;
  max_active_tis_per_dagrun: number | null;
  outlets: string[];
  /** outlets=[AssetAlias(alias)] with outlet_events[alias].add(Asset(a)) for each of `adds` (asset_alias.ts). */
  alias_outlets?: AliasOutlet[];
  trigger: TriggerSpec | null;
  start_date: Instant | null;
  end_date: Instant | null;
  /** Dynamic task mapping (`.partial(...).expand(...)`); absent for a plain task. */
  expand?: TaskExpand;
  /** `operator: sensor` only: how it pokes and when its condition holds (model/sensor.ts). */
  sensor?: SensorSpec;
  /** operator branch / short_circuit: what the task decides for its downstream tasks (task_flow.ts). */
  skip_rule?: SkipRule;
  /** `setup: true` / `teardown: true` (as_setup / as_teardown). */
  role?: TaskRole;
  /** A teardown that counts for the run's state (as_teardown(on_failure_fail_dagrun=True)). */
  on_failure_fail_dagrun?: boolean;
}

/**
 * A mapped task's expansion over literal values. `expand` maps each argument over its list (the
 * cross product, first argument slowest, as Airflow's DictOfListsExpandInput); `expand_kwargs` gives
 * one mapping of arguments per task instance. Every other task key is the `partial(...)` part.
 */
export type TaskExpand =
  | { kind: 'expand'; args: Record<string, unknown[]> }
  | { kind: 'expand_kwargs'; kwargs: Record<string, unknown>[] }
  /** `.expand(arg=<task>.output)`: one instance per item of the upstream's returned list, made when it succeeds. */
  | { kind: 'expand_xcom'; arg: string; task_id: string };

export interface DagSpec {
  dag_id: string;
  schedule: ScheduleSpec;
  start_date: Instant | null;
  end_date: Instant | null;
  timezone: string;
  catchup: boolean;
  paused: boolean;
  max_active_runs: number;
  max_active_tasks: number;
  max_consecutive_failed_dag_runs: number;
  dagrun_timeout_ms: number | null;
  params: Record<string, unknown>;
  tasks: TaskSpec[];
  /** Raw schedule text for summaries ("@daily", "0 3 * * *"). */
  schedule_text: string;
}

export interface AssetWatcherSpec { name: string; queue: string }
export interface AssetSpec { name: string; uri: string; watchers: AssetWatcherSpec[] }

export interface AirflowConfig {
  catchup_by_default: boolean;
  create_cron_data_intervals: boolean;
  max_active_runs_per_dag: number;
  max_active_tasks_per_dag: number;
  parallelism: number;
  default_timezone: string;
}

export type ScenarioEvent =
  | { kind: 'trigger'; at: Instant; trigger: { dag_id: string; conf: Record<string, unknown>; logical_date: Instant | null | undefined; run_id: string | null; via: 'cli' | 'ui' | 'api' | 'operator' } }
  | { kind: 'api'; at: Instant; api: { method: string; path: string; body: unknown } }
  | { kind: 'message'; at: Instant; message: { queue: string; payload: unknown } }
  | { kind: 'asset_event'; at: Instant; asset_event: { asset: string; extra: Record<string, unknown> } }
  | { kind: 'backfill'; at: Instant; backfill: { dag_id: string; from_date: Instant; to_date: Instant; reprocess_behavior: 'none' | 'failed' | 'completed'; max_active_runs: number; run_backwards: boolean; dag_run_conf: Record<string, unknown> } }
  | { kind: 'pause'; at: Instant; dag_id: string }
  | { kind: 'unpause'; at: Instant; dag_id: string }
  | { kind: 'clear'; at: Instant; clear: ClearSpec }
  | { kind: 'mark'; at: Instant; mark: { dag_id: string; run_id: string; task_id: string | null; state: string; map_index?: number } };

export interface Scenario {
  windtunnel: 1;
  name: string;
  description: string;
  airflow: Profile;
  rules: { prior_run_order: PriorRunOrder };
  config: AirflowConfig;
  clock: { start: Instant; end: Instant };
  seed: number;
  pools: Record<string, number>;
  assets: AssetSpec[];
  dags: DagSpec[];
  events: ScenarioEvent[];
}

/** A clear event: Airflow's POST clearTaskInstances for one run (dag_run_state null: reset_dag_runs false). */
export interface ClearSpec {
  dag_id: string;
  run_id: string;
  task_ids: string[] | null;
  only_failed: boolean;
  upstream: boolean;
  downstream: boolean;
  future: boolean;
  past: boolean;
  dag_run_state: 'queued' | null;
}
