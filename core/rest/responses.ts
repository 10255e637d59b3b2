// Response bodies of Airflow's REST API v2 built from plain rows (instants in epoch ms, UTC). Keys are
// in the order the pydantic response models declare their fields (FastAPI serialises by alias, in
// declaration order); datetimes as pydantic prints a UTC datetime: `2025-01-01T00:00:00Z`, with
// `.ffffff` when there are sub-second parts. Sources: core_api/datamodels/{dag_run,task_instances,
// backfills,assets,dag_versions,dags}.py and the 3.0.2 / 3.1.8 OpenAPI specs.
//
// Note: Python prints float seconds with a decimal point (600.0); JSON.stringify prints 600. A
// `duration` is therefore numerically, not textually, identical.
import { apiDateTime } from './py_datetime.js';
import { atLeast, type RestProfile } from './profile.js';
import type { DagRunState, RunType, TaskState, TriggeredBy } from '../model/output.js';

type Ms = number | null;
const dt = apiDateTime;

// --- DAG versions ---------------------------------------------------------------------------------

export interface DagVersionRow {
  /** A UUID string. */
  id: string;
  version_number: number;
  dag_id: string;
  bundle_name: string | null;
  bundle_version: string | null;
  created_at: number;
  dag_display_name?: string;
  bundle_url?: string | null;
}

/** DagVersionResponse: id, version_number, dag_id, bundle_name, bundle_version, created_at, [3.1: dag_display_name], bundle_url. */
export function dagVersionResponse(profile: RestProfile, v: DagVersionRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: v.id,
    version_number: v.version_number,
    dag_id: v.dag_id,
    bundle_name: v.bundle_name,
    bundle_version: v.bundle_version,
    created_at: dt(v.created_at),
  };
  if (atLeast(profile, '3.1')) out.dag_display_name = v.dag_display_name ?? v.dag_id;
  out.bundle_url = v.bundle_url ?? null;
  return out;
}

// --- DAG runs -------------------------------------------------------------------------------------

export interface DagRunRow {
  dag_id: string;
  run_id: string;
  logical_date: Ms;
  queued_at: Ms;
  start_date: Ms;
  end_date: Ms;
  data_interval_start: Ms;
  data_interval_end: Ms;
  run_after: number;
  last_scheduling_decision?: Ms;
  run_type: RunType;
  state: DagRunState;
  triggered_by: TriggeredBy | null;
  /** 3.1: the user who triggered the run (the auth manager's user name), else null. */
  triggering_user_name?: string | null;
  conf: Record<string, unknown> | null;
  note?: string | null;
  dag_versions?: DagVersionRow[];
  bundle_version?: string | null;
  /** Defaults to dag_id (Airflow's default display name). */
  dag_display_name?: string;
  /** 3.2: the run's partition key (null unless the DAG is partitioned or the trigger named one). */
  partition_key?: string | null;
  /** 3.3: the partition's date, resolved by the timetable from the key. */
  partition_date?: Ms;
}

/** DagRun.duration: (end_date - start_date) in seconds when both are set. */
const seconds = (start: Ms, end: Ms): number | null => (start !== null && end !== null ? (end - start) / 1000 : null);

/**
 * DAGRunResponse.
 * 3.0: dag_run_id, dag_id, logical_date, queued_at, start_date, end_date, data_interval_start,
 *      data_interval_end, run_after, last_scheduling_decision, run_type, state, triggered_by, conf,
 *      note, dag_versions, bundle_version.
 * 3.1: adds duration (after end_date), triggering_user_name (after triggered_by), dag_display_name (last).
 * 3.2: adds partition_key (last); 3.3: adds partition_date after it (A3.3/.../datamodels/dag_run.py:162-186).
 */
export function dagRunResponse(profile: RestProfile, r: DagRunRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    dag_run_id: r.run_id,
    dag_id: r.dag_id,
    logical_date: dt(r.logical_date),
    queued_at: dt(r.queued_at),
    start_date: dt(r.start_date),
    end_date: dt(r.end_date),
  };
  if (atLeast(profile, '3.1')) out.duration = seconds(r.start_date, r.end_date);
  out.data_interval_start = dt(r.data_interval_start);
  out.data_interval_end = dt(r.data_interval_end);
  out.run_after = dt(r.run_after);
  out.last_scheduling_decision = dt(r.last_scheduling_decision ?? null);
  out.run_type = r.run_type;
  out.state = r.state;
  out.triggered_by = r.triggered_by;
  if (atLeast(profile, '3.1')) out.triggering_user_name = r.triggering_user_name ?? null;
  out.conf = r.conf;
  out.note = r.note ?? null;
  out.dag_versions = (r.dag_versions ?? []).map((v) => dagVersionResponse(profile, v));
  out.bundle_version = r.bundle_version ?? null;
  if (atLeast(profile, '3.1')) out.dag_display_name = r.dag_display_name ?? r.dag_id;
  if (atLeast(profile, '3.2')) out.partition_key = r.partition_key ?? null;
  if (atLeast(profile, '3.3')) out.partition_date = dt(r.partition_date ?? null);
  return out;
}

/**
 * The cursor-pagination fields of a collection answer, null on the offset pages Windtunnel serves:
 * 3.2 added next_cursor and previous_cursor to the dag run and task instance collections
 * (A3.2/.../datamodels/dag_run.py:102-129, task_instances.py:94-121; seen in 3.2.2's answers by the
 * oracle), 3.3 total_entries_limit before them (A3.3/.../datamodels/dag_run.py:189-221).
 */
function cursorPageFields(profile: RestProfile): Record<string, null> {
  if (atLeast(profile, '3.3')) return { total_entries_limit: null, next_cursor: null, previous_cursor: null };
  return atLeast(profile, '3.2') ? { next_cursor: null, previous_cursor: null } : {};
}

/** DAGRunCollectionResponse: {dag_runs, total_entries} (total before limit/offset), then the cursor fields. */
export function dagRunCollectionResponse(profile: RestProfile, rows: DagRunRow[], totalEntries: number): Record<string, unknown> {
  return { dag_runs: rows.map((r) => dagRunResponse(profile, r)), total_entries: totalEntries, ...cursorPageFields(profile) };
}

// --- task instances -------------------------------------------------------------------------------

export interface TaskInstanceRow {
  /** The TI's UUID (task_instance.id). */
  id: string;
  task_id: string;
  dag_id: string;
  run_id: string;
  map_index: number;
  logical_date: Ms;
  run_after: number;
  start_date: Ms;
  end_date: Ms;
  /** Seconds; defaults to end - start when both are set. */
  duration?: number | null;
  state: TaskState;
  try_number: number;
  max_tries: number;
  task_display_name?: string;
  dag_display_name?: string;
  hostname?: string | null;
  unixname?: string | null;
  pool: string;
  pool_slots: number;
  queue?: string | null;
  priority_weight?: number | null;
  /** The operator class name, e.g. "PythonOperator". */
  operator?: string | null;
  /** 3.1: the operator's custom name (custom_operator_name), often equal to operator. */
  operator_name?: string | null;
  queued_when?: Ms;
  scheduled_when?: Ms;
  pid?: number | null;
  executor?: string | null;
  /** str(executor_config); Airflow's default {} prints as "{}". */
  executor_config?: string;
  note?: string | null;
  rendered_map_index?: string | null;
  rendered_fields?: Record<string, unknown>;
  trigger?: unknown;
  triggerer_job?: unknown;
  dag_version?: DagVersionRow | null;
}

/**
 * TaskInstanceResponse.
 * 3.0: id, task_id, dag_id, dag_run_id, map_index, logical_date, run_after, start_date, end_date,
 *      duration, state, try_number, max_tries, task_display_name, hostname, unixname, pool, pool_slots,
 *      queue, priority_weight, operator, queued_when, scheduled_when, pid, executor, executor_config,
 *      note, rendered_map_index, rendered_fields, trigger, triggerer_job, dag_version.
 * 3.1: dag_display_name after task_display_name; operator_name after operator.
 */
export function taskInstanceResponse(profile: RestProfile, t: TaskInstanceRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    task_id: t.task_id,
    dag_id: t.dag_id,
    dag_run_id: t.run_id,
    map_index: t.map_index,
    logical_date: dt(t.logical_date),
    run_after: dt(t.run_after),
    start_date: dt(t.start_date),
    end_date: dt(t.end_date),
    duration: t.duration !== undefined ? t.duration : seconds(t.start_date, t.end_date),
    state: t.state,
    try_number: t.try_number,
    max_tries: t.max_tries,
    task_display_name: t.task_display_name ?? t.task_id,
  };
  if (atLeast(profile, '3.1')) out.dag_display_name = t.dag_display_name ?? t.dag_id;
  out.hostname = t.hostname ?? null;
  out.unixname = t.unixname ?? null;
  out.pool = t.pool;
  out.pool_slots = t.pool_slots;
  out.queue = t.queue ?? null;
  out.priority_weight = t.priority_weight ?? null;
  out.operator = t.operator ?? null;
  if (atLeast(profile, '3.1')) out.operator_name = t.operator_name ?? t.operator ?? null;
  out.queued_when = dt(t.queued_when ?? null);
  out.scheduled_when = dt(t.scheduled_when ?? null);
  out.pid = t.pid ?? null;
  out.executor = t.executor ?? null;
  out.executor_config = t.executor_config ?? '{}';
  out.note = t.note ?? null;
  out.rendered_map_index = t.rendered_map_index ?? null;
  out.rendered_fields = t.rendered_fields ?? {};
  out.trigger = t.trigger ?? null;
  out.triggerer_job = t.triggerer_job ?? null;
  out.dag_version = t.dag_version ? dagVersionResponse(profile, t.dag_version) : null;
  return out;
}

export function taskInstanceCollectionResponse(profile: RestProfile, rows: TaskInstanceRow[], totalEntries: number): Record<string, unknown> {
  return { task_instances: rows.map((t) => taskInstanceResponse(profile, t)), total_entries: totalEntries, ...cursorPageFields(profile) };
}

// --- backfills ------------------------------------------------------------------------------------

export interface BackfillRow {
  id: number;
  dag_id: string;
  from_date: number;
  to_date: number;
  dag_run_conf: Record<string, unknown>;
  is_paused: boolean;
  reprocess_behavior: 'failed' | 'completed' | 'none';
  max_active_runs: number;
  created_at: number;
  completed_at: Ms;
  updated_at: number;
  dag_display_name?: string;
}

/**
 * BackfillResponse: id, dag_id, from_date, to_date, dag_run_conf, is_paused, reprocess_behavior,
 * max_active_runs, created_at, completed_at, updated_at; 3.1 adds dag_display_name.
 */
export function backfillResponse(profile: RestProfile, b: BackfillRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: b.id,
    dag_id: b.dag_id,
    from_date: dt(b.from_date),
    to_date: dt(b.to_date),
    dag_run_conf: b.dag_run_conf,
    is_paused: b.is_paused,
    reprocess_behavior: b.reprocess_behavior,
    max_active_runs: b.max_active_runs,
    created_at: dt(b.created_at),
    completed_at: dt(b.completed_at),
    updated_at: dt(b.updated_at),
  };
  if (atLeast(profile, '3.1')) out.dag_display_name = b.dag_display_name ?? b.dag_id;
  return out;
}

/** DryRunBackfillCollectionResponse: {backfills: [{logical_date}], total_entries}. */
export function dryRunBackfillResponse(logicalDates: number[]): Record<string, unknown> {
  return { backfills: logicalDates.map((d) => ({ logical_date: dt(d) })), total_entries: logicalDates.length };
}

// --- asset events ---------------------------------------------------------------------------------

export interface DagRunAssetRefRow {
  run_id: string;
  dag_id: string;
  logical_date: Ms;
  /** Airflow's model requires it; a run still queued has none yet (given as null here). */
  start_date: Ms;
  end_date: Ms;
  state: string;
  data_interval_start: Ms;
  data_interval_end: Ms;
  /** 3.2+: the run's partition key. */
  partition_key?: string | null;
  /** 3.3: this event is the newest the run consumed (the one that triggered it). */
  triggering?: boolean;
}

export interface AssetEventRow {
  id: number;
  asset_id: number;
  uri: string | null;
  name: string | null;
  group: string | null;
  extra: Record<string, unknown> | null;
  source_task_id: string | null;
  source_dag_id: string | null;
  source_run_id: string | null;
  source_map_index: number;
  created_dagruns: DagRunAssetRefRow[];
  timestamp: number;
}

/**
 * DagRunAssetReference: run_id, dag_id, logical_date, start_date, end_date, state, data_interval_start/end;
 * 3.2 adds partition_key, 3.3 triggering (A3.3/.../datamodels/assets.py:132-150).
 */
export function dagRunAssetReference(r: DagRunAssetRefRow, profile: RestProfile = '3.1'): Record<string, unknown> {
  const out: Record<string, unknown> = {
    run_id: r.run_id,
    dag_id: r.dag_id,
    logical_date: dt(r.logical_date),
    start_date: dt(r.start_date),
    end_date: dt(r.end_date),
    state: r.state,
    data_interval_start: dt(r.data_interval_start),
    data_interval_end: dt(r.data_interval_end),
  };
  if (atLeast(profile, '3.2')) out.partition_key = r.partition_key ?? null;
  if (atLeast(profile, '3.3')) out.triggering = r.triggering ?? false;
  return out;
}

/**
 * AssetEventResponse (3.0 and 3.1): id, asset_id, uri, name, group, extra, source_task_id,
 * source_dag_id, source_run_id, source_map_index, created_dagruns, timestamp. (Airflow also passes
 * extra through the secrets masker's redact(); values under sensitive key names become "***".)
 */
export function assetEventResponse(e: AssetEventRow, profile: RestProfile = '3.1'): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: e.id,
    asset_id: e.asset_id,
    uri: e.uri,
    name: e.name,
    group: e.group,
    extra: e.extra,
    source_task_id: e.source_task_id,
    source_dag_id: e.source_dag_id,
    source_run_id: e.source_run_id,
    source_map_index: e.source_map_index,
    created_dagruns: e.created_dagruns.map((r) => dagRunAssetReference(r, profile)),
    timestamp: dt(e.timestamp),
  };
  // 3.2: AssetEventResponse.partition_key (A3.2/.../datamodels/assets.py:151); no scenario event has one.
  if (atLeast(profile, '3.2')) out.partition_key = null;
  return out;
}

export function assetEventCollectionResponse(rows: AssetEventRow[], totalEntries: number, profile: RestProfile = '3.1'): Record<string, unknown> {
  return { asset_events: rows.map((e) => assetEventResponse(e, profile)), total_entries: totalEntries };
}

// --- version --------------------------------------------------------------------------------------

/** VersionInfo: {version, git_version}. */
export function versionResponse(version: string, gitVersion: string | null = null): Record<string, unknown> {
  return { version, git_version: gitVersion };
}

// --- validation -----------------------------------------------------------------------------------

/** The 422 body FastAPI sends for a RequestValidationError. */
export function validationErrorResponse(detail: unknown[]): { detail: unknown[] } {
  return { detail };
}
