// A RunOutput (an imported history, or any saved run) loaded into the same sql.js schema the
// simulator writes, so the SQL console answers `SELECT ... FROM dag_run` on real runs too.
// Columns the output does not carry get Airflow's defaults (default_pool, priority 1).
import type { SqlJsStatic, SqlValue } from 'sql.js';
import type { Profile } from '../model/scenario.js';
import type { RunOutput } from '../model/output.js';
import type { QueryError, QueryResult } from '../api.js';
import { MetadataDb } from '../db/database.js';
import { batchInsert } from '../db/batch_insert.js';
import { logicalDateColumn } from '../db/schema.js';
import { parseInstant } from '../time/instant.js';
import { dbTime } from '../scheduler/state/time_text.js';
import { PROFILES } from '../scenario/defaults.js';

export interface HistoryDatabase {
  query(sql: string): QueryResult | QueryError;
  exportDb(): Uint8Array;
  close(): void;
  /** Rows that could not be stored (for example a duplicate logical date), with SQLite's reason. */
  refused: string[];
}

/** A history's `airflow` as a profile; an unknown one is read as 3.1, as before 3.2/3.3 existed. */
const profileOf = (p: string): Profile => ((PROFILES as readonly string[]).includes(p) ? p as Profile : '3.1');
const at = (s: string | null): string | null => (s === null ? null : dbTime(parseInstant(s, 'UTC')));

export function historyDatabase(output: RunOutput, sql: SqlJsStatic): HistoryDatabase {
  const profile = profileOf(output.airflow);
  const db = new MetadataDb(sql, profile);
  const ld = logicalDateColumn(profile);
  const refused: string[] = [];
  db.begin();
  db.run('INSERT INTO pool (pool, slots, description) VALUES (?, ?, ?)', ['default_pool', 128, 'Default pool']);
  const dagIds = [...new Set([...output.dag_runs.map((r) => r.dag_id), ...output.task_instances.map((t) => t.dag_id)])];
  for (const d of dagIds) {
    db.run('INSERT INTO dag (dag_id, is_paused, timetable_summary, timetable_type, timezone, catchup, max_active_runs, max_active_tasks) VALUES (?, 0, NULL, ?, ?, 0, 16, 16)', [d, 'imported', 'UTC']);
  }
  const runIds = new Map<string, number>();
  for (const r of output.dag_runs) {
    const err = db.tryRun(
      `INSERT INTO dag_run (dag_id, run_id, ${ld}, run_after, data_interval_start, data_interval_end, queued_at, start_date, end_date, state, run_type, triggered_by, conf, backfill_id, clear_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      [r.dag_id, r.run_id, at(r.logical_date) ?? (profile === '2' ? at(r.run_after) : null), at(r.run_after), at(r.data_interval_start), at(r.data_interval_end),
        at(r.queued_at), at(r.start_date), at(r.end_date), r.state, r.run_type, r.triggered_by, JSON.stringify(r.conf ?? {}), r.clear_number ?? 0],
    );
    if (err) refused.push(`dag_run ${r.dag_id} ${r.run_id}: ${err}`);
    else runIds.set(`${r.dag_id}\u0000${r.run_id}`, db.lastInsertRowid());
  }
  // Task instances and log lines in multi-row INSERTs (a 10,000-run history opens in a second, not
  // ten); a group SQLite refuses is inserted row by row, so each refused row is named.
  const tiRows: SqlValue[][] = [];
  for (const t of output.task_instances) {
    if (!runIds.has(`${t.dag_id}\u0000${t.run_id}`)) { refused.push(`task_instance ${t.dag_id} ${t.run_id} ${t.task_id}: its run is missing`); continue; }
    const start = t.start_date === null ? null : parseInstant(t.start_date, 'UTC');
    const end = t.end_date === null ? null : parseInstant(t.end_date, 'UTC');
    tiRows.push([t.dag_id, t.run_id, t.task_id, t.map_index, t.try_number, 0, t.state, dbTime(start), dbTime(end), start !== null && end !== null ? (end - start) / 1000 : null,
      'default_pool', 1, 1, dbTime(start), JSON.stringify(t.rendered ?? {}), t.error]);
  }
  insertRows(db, 'task_instance', TI_COLUMNS, tiRows, (row, err) => refused.push(`task_instance ${row[0]} ${row[1]} ${row[2]}: ${err}`));
  const assetIds = new Map<string, number>();
  for (const e of output.asset_events) {
    let id = assetIds.get(e.asset);
    if (id === undefined) {
      db.run('INSERT INTO asset (name, uri) VALUES (?, ?)', [e.asset, e.asset]);
      assetIds.set(e.asset, (id = db.lastInsertRowid()));
    }
    db.run('INSERT INTO asset_event (asset_id, extra, source_task_id, source_dag_id, source_run_id, source_map_index, timestamp) VALUES (?, ?, ?, ?, ?, -1, ?)',
      [id, JSON.stringify(e.extra ?? {}), e.source_task_id, e.source_dag_id, e.source_run_id, at(e.timestamp)]);
  }
  for (const x of output.xcoms) {
    const runId = runIds.get(`${x.dag_id}\u0000${x.run_id}`);
    if (runId === undefined) continue;
    db.tryRun('INSERT OR REPLACE INTO xcom (dag_run_id, task_id, map_index, key, dag_id, run_id, value, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [runId, x.task_id, x.map_index, x.key, x.dag_id, x.run_id, JSON.stringify(x.value), at(output.clock.end)]);
  }
  batchInsert(db, 'log', ['dttm', 'event', 'dag_id', 'run_id', 'task_id', 'why'], output.log.map((l) => [at(l.at), l.kind, l.dag_id, l.run_id, l.task_id, l.why]));
  db.commit();
  return { query: (q) => db.query(q), exportDb: () => db.export(), close: () => db.close(), refused };
}

const TI_COLUMNS = ['dag_id', 'run_id', 'task_id', 'map_index', 'try_number', 'max_tries', 'state', 'start_date', 'end_date', 'duration', 'pool', 'pool_slots', 'priority_weight', 'queued_dttm', 'rendered_fields', 'error'];
const GROUP = 100;

/** Rows in groups of GROUP; a group with a refused row goes again one row at a time. */
function insertRows(db: MetadataDb, table: string, columns: string[], rows: SqlValue[][], onRefused: (row: SqlValue[], err: string) => void): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += GROUP) {
    const chunk = rows.slice(i, i + GROUP);
    if (db.tryRun(head + Array(chunk.length).fill(one).join(', '), chunk.flat()) === null) continue;
    for (const row of chunk) {
      const err = db.tryRun(head + one, row);
      if (err) onRefused(row, err);
    }
  }
}
