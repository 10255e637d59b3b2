// Airflow's metadata tables as SQLite DDL, with the constraints that carry AIP-83's rules:
// nullable logical_date, NOT NULL run_after, UNIQUE(dag_id, run_id), UNIQUE(dag_id, logical_date).
// SQL unique constraints ignore NULLs, so any number of runs without a logical date may coexist,
// exactly as in Airflow 3. Profile "2" gets Airflow 2's NOT NULL, unique execution_date instead.
// Timestamps are fixed-width ISO text (2025-01-01T00:00:00.000Z) so they sort as they compare.
import type { Profile } from '../model/scenario.js';
import { atLeast } from '../model/profile_order.js';

/** Run types the profile's DagRunType enum has (A3.3/utils/types.py:28-33; 3.2's asset_materialization is never made here). */
function runTypes(profile: Profile): string {
  const types = ['backfill', 'scheduled', 'manual', 'asset_triggered', ...(atLeast(profile, '3.3') ? ['operator_triggered'] : [])];
  return types.map((t) => `'${t}'`).join(', ');
}

/** Columns 3.2 added to dag_run (A3.2/models/dagrun.py:199,233-234). */
const DAG_RUN_COLUMNS_32 = `
  created_at TEXT,
  partition_key TEXT,
  partition_date TEXT,`;

/** The name of the run's date column in this profile: Airflow 2 called it execution_date. */
export function logicalDateColumn(profile: Profile): 'logical_date' | 'execution_date' {
  return profile === '2' ? 'execution_date' : 'logical_date';
}

export function schemaSql(profile: Profile): string {
  const ld = logicalDateColumn(profile);
  const ldDecl = profile === '2' ? `${ld} TEXT NOT NULL` : `${ld} TEXT`;
  return `
CREATE TABLE dag (
  dag_id TEXT PRIMARY KEY,
  is_paused INTEGER NOT NULL DEFAULT 0,
  timetable_summary TEXT,
  timetable_type TEXT NOT NULL,
  timezone TEXT NOT NULL,
  catchup INTEGER NOT NULL,
  max_active_runs INTEGER NOT NULL,
  max_active_tasks INTEGER NOT NULL,
  max_consecutive_failed_dag_runs INTEGER NOT NULL DEFAULT 0,
  next_dagrun TEXT,
  next_dagrun_data_interval_start TEXT,
  next_dagrun_data_interval_end TEXT,
  next_dagrun_create_after TEXT
);
CREATE TABLE backfill (
  id INTEGER PRIMARY KEY,
  dag_id TEXT NOT NULL REFERENCES dag(dag_id),
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  dag_run_conf TEXT NOT NULL DEFAULT '{}',
  is_paused INTEGER NOT NULL DEFAULT 0,
  reprocess_behavior TEXT NOT NULL CHECK (reprocess_behavior IN ('none', 'failed', 'completed')),
  max_active_runs INTEGER NOT NULL,
  run_backwards INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  completed_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE TABLE dag_run (
  id INTEGER PRIMARY KEY,
  dag_id TEXT NOT NULL REFERENCES dag(dag_id),
  run_id TEXT NOT NULL,
  ${ldDecl},
  run_after TEXT NOT NULL,
  data_interval_start TEXT,
  data_interval_end TEXT,
  queued_at TEXT,
  start_date TEXT,
  end_date TEXT,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'success', 'failed')),
  run_type TEXT NOT NULL CHECK (run_type IN (${runTypes(profile)})),
  triggered_by TEXT,
  conf TEXT NOT NULL DEFAULT '{}',
  backfill_id INTEGER REFERENCES backfill(id),
  clear_number INTEGER NOT NULL DEFAULT 0,
  last_scheduling_decision TEXT,${atLeast(profile, '3.2') ? DAG_RUN_COLUMNS_32 : ''}
  CONSTRAINT dag_run_dag_id_run_id_key UNIQUE (dag_id, run_id),
  CONSTRAINT dag_run_dag_id_${ld}_key UNIQUE (dag_id, ${ld}),
  CHECK ((data_interval_start IS NULL) = (data_interval_end IS NULL))
);
CREATE INDEX idx_dag_run_run_after ON dag_run (run_after);
CREATE INDEX dag_id_state ON dag_run (dag_id, state);
CREATE TABLE backfill_dag_run (
  id INTEGER PRIMARY KEY,
  backfill_id INTEGER NOT NULL REFERENCES backfill(id),
  dag_run_id INTEGER REFERENCES dag_run(id),
  exception_reason TEXT,
  ${ld} TEXT NOT NULL,
  sort_ordinal INTEGER NOT NULL CHECK (sort_ordinal >= 1),
  CONSTRAINT ix_bdr_backfill_id_dag_run_id UNIQUE (backfill_id, dag_run_id)
);
CREATE TABLE pool (
  pool TEXT PRIMARY KEY,
  slots INTEGER NOT NULL,
  description TEXT,
  include_deferred INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE task_instance (
  id INTEGER PRIMARY KEY,
  dag_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  map_index INTEGER NOT NULL DEFAULT -1,
  try_number INTEGER NOT NULL DEFAULT 0,
  max_tries INTEGER NOT NULL DEFAULT 0,
  state TEXT CHECK (state IS NULL OR state IN ('success', 'failed', 'skipped', 'upstream_failed',
    'up_for_retry', 'up_for_reschedule', 'scheduled', 'queued', 'running', 'removed', 'restarting', 'deferred')),
  start_date TEXT,
  end_date TEXT,
  duration REAL,
  operator TEXT,
  pool TEXT NOT NULL REFERENCES pool(pool),
  pool_slots INTEGER NOT NULL DEFAULT 1,
  priority_weight INTEGER NOT NULL,
  queued_dttm TEXT,
  rendered_fields TEXT,
  error TEXT,
  CONSTRAINT task_instance_composite_key UNIQUE (dag_id, task_id, run_id, map_index),
  FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id)
);
CREATE INDEX ti_state ON task_instance (state);
CREATE TABLE xcom (
  dag_run_id INTEGER NOT NULL REFERENCES dag_run(id),
  task_id TEXT NOT NULL,
  map_index INTEGER NOT NULL DEFAULT -1,
  key TEXT NOT NULL,
  dag_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  value TEXT,
  timestamp TEXT NOT NULL,
  PRIMARY KEY (dag_run_id, task_id, map_index, key)
);
CREATE TABLE asset (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  uri TEXT NOT NULL,
  "group" TEXT NOT NULL DEFAULT 'asset',
  CONSTRAINT asset_name_uri_unique UNIQUE (name, uri)
);
CREATE TABLE asset_event (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES asset(id),
  extra TEXT NOT NULL DEFAULT '{}',
  source_task_id TEXT,
  source_dag_id TEXT,
  source_run_id TEXT,
  source_map_index INTEGER DEFAULT -1,
  timestamp TEXT NOT NULL
);
CREATE TABLE asset_dag_run_queue (
  asset_id INTEGER NOT NULL REFERENCES asset(id),
  target_dag_id TEXT NOT NULL REFERENCES dag(dag_id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (asset_id, target_dag_id)
);
CREATE TABLE dag_run_asset_event (
  dag_run_id INTEGER NOT NULL REFERENCES dag_run(id),
  event_id INTEGER NOT NULL REFERENCES asset_event(id),
  PRIMARY KEY (dag_run_id, event_id)
);
CREATE TABLE log (
  id INTEGER PRIMARY KEY,
  dttm TEXT NOT NULL,
  event TEXT NOT NULL,
  dag_id TEXT,
  run_id TEXT,
  task_id TEXT,
  why TEXT NOT NULL
);
`;
}
