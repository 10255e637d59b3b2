// A history shown in the explorer (an imported file or a live server's state): its summary for the
// views, and a metadata DB for the SQL console built from the RunOutput on the first query (sql.js
// takes ~10 s for a 10,000-run history, and a live poll every second must not rebuild a DB nobody
// queries). Rows the constraints refuse are told with that first answer.
import type { SqlJsStatic } from 'sql.js';
import { historyDatabase, type HistoryDatabase, type QueryError, type QueryResult, type RunOutput } from '../../core/index.js';
import type { ScenarioSummary } from './protocol.js';
import type { Profile } from '../../core/index.js';
import { PROFILES } from '../../core/index.js';

export interface Session {
  query(sql: string): QueryResult | QueryError;
  exportDb(): Uint8Array;
  close(): void;
}

export interface HistorySession extends Session {
  /** Rows SQLite refused (for example two runs with one logical date), once: the first call after
   * the DB was built returns them, later calls []. */
  takeRefused(): string[];
}

export function historySession(output: RunOutput, sql: SqlJsStatic): HistorySession {
  let db: HistoryDatabase | null = null;
  let told = false;
  const open = (): HistoryDatabase => (db ??= historyDatabase(output, sql));
  return {
    query: (q) => open().query(q),
    exportDb: () => open().exportDb(),
    close: () => { db?.close(); db = null; },
    takeRefused: () => {
      if (!db || told) return [];
      told = true;
      return db.refused;
    },
  };
}

/** What the views need to know of a history: its DAGs (sorted), their tasks (in the order seen). */
export function historySummary(output: RunOutput): ScenarioSummary {
  const dagIds = [...new Set(output.dag_runs.map((r) => r.dag_id))].sort();
  const tasks: Record<string, string[]> = Object.fromEntries(dagIds.map((d) => [d, []]));
  const seen = new Set<string>();
  for (const t of output.task_instances) {
    const k = `${t.dag_id}\u0000${t.task_id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    (tasks[t.dag_id] ??= []).push(t.task_id);
  }
  const airflow = (PROFILES as readonly string[]).includes(output.airflow) ? output.airflow as Profile : '3.1';
  return {
    name: output.scenario,
    description: `history: ${output.dag_runs.length} dag runs, ${output.task_instances.length} task instances`,
    airflow,
    prior_run_order: 'logical_date',
    dag_ids: dagIds,
    tasks,
    schedules: Object.fromEntries(dagIds.map((d) => [d, '(history)'])),
    timezones: Object.fromEntries(dagIds.map((d) => [d, 'UTC'])),
    clock: { start: Date.parse(output.clock.start), end: Date.parse(output.clock.end) },
  };
}
