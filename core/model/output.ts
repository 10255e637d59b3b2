// The JSON output of `windtunnel run --format json` (scenario-format.md, "Output of run").
// Instants here are ISO strings in UTC ending in Z; everything is snake_case, Airflow's names.

export type DagRunState = 'queued' | 'running' | 'success' | 'failed';
/** `operator_triggered`: TriggerDagRunOperator's runs from Airflow 3.3 on (before: `manual`). */
export type RunType = 'scheduled' | 'manual' | 'asset_triggered' | 'backfill' | 'operator_triggered';
export type TriggeredBy = 'timetable' | 'cli' | 'ui' | 'rest_api' | 'operator' | 'asset' | 'backfill' | 'test';
export type TaskState =
  | 'success' | 'failed' | 'skipped' | 'upstream_failed' | 'up_for_retry' | 'up_for_reschedule'
  | 'scheduled' | 'queued' | 'running' | 'removed' | 'restarting' | 'deferred' | null;

export interface DagRunOut {
  dag_id: string;
  run_id: string;
  run_type: RunType;
  triggered_by: TriggeredBy;
  logical_date: string | null;
  data_interval_start: string | null;
  data_interval_end: string | null;
  run_after: string;
  queued_at: string | null;
  start_date: string | null;
  end_date: string | null;
  state: DagRunState;
  conf: Record<string, unknown>;
  backfill_id: number | null;
  clear_number: number;
}

export interface TaskInstanceOut {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  try_number: number;
  state: TaskState;
  start_date: string | null;
  end_date: string | null;
  rendered: Record<string, string>;
  error: string | null;
}

export interface XComOut {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  key: string;
  value: unknown;
}

export interface AssetEventOut {
  asset: string;
  timestamp: string;
  source_dag_id: string | null;
  source_run_id: string | null;
  source_task_id: string | null;
  extra: Record<string, unknown>;
  /** Imported histories only: the runs this event made (from Airflow's `created_dagruns`). */
  created_dagruns?: Array<{ dag_id: string; run_id: string }>;
}

export interface EventResultOut {
  index: number;
  at: string;
  kind: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  run_id: string | null;
  /** The REST response body for `api` events (Airflow's shapes). */
  response?: unknown;
}

export interface LogEntryOut {
  at: string;
  kind: string;
  dag_id: string | null;
  run_id: string | null;
  task_id: string | null;
  why: string;
  /** Another run this decision looked at (depends_on_past, xcom prior pull), for arrows in the UI. */
  ref_run_id?: string;
}

export interface RunOutput {
  windtunnel: 1;
  scenario: string;
  airflow: string;
  seed: number;
  clock: { start: string; end: string };
  dag_runs: DagRunOut[];
  task_instances: TaskInstanceOut[];
  xcoms: XComOut[];
  asset_events: AssetEventOut[];
  event_results: EventResultOut[];
  log: LogEntryOut[];
}

/** A list whose elements are produced when it is read (a 10-year run's log has ~2.9 M lines). */
export interface LazyList<T> extends Iterable<T> {
  readonly length: number;
}

/**
 * The run output with its lists produced on demand: the same keys in the same order and the same
 * elements as RunOutput (which is one too), so it can be streamed out without existing at once.
 */
export type RunOutputStream = { [K in keyof RunOutput]: RunOutput[K] extends Array<infer E> ? LazyList<E> : RunOutput[K] };
