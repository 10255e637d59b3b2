// A tiny query language over one simulation's output, so a lesson's sentences ("two runs",
// "refused with 409", "reads run X") are assertions checked against what the engine produced
// rather than text that can drift from it. A query names a table of the run output and the
// field values its rows must have; fields may be dotted paths into nested values (conf.lr).
import type { RunOutput } from '../../model/output.js';

export const QUERY_TABLES = ['dag_runs', 'task_instances', 'xcoms', 'asset_events', 'event_results', 'log'] as const;
export type QueryTable = (typeof QUERY_TABLES)[number];
export type Scalar = string | number | boolean | null;

export interface RowQuery {
  table: QueryTable;
  /** field (or dotted path) → the value it must equal; a missing field reads as null. */
  where: Record<string, Scalar>;
}

export function fieldOf(row: unknown, path: string): unknown {
  let v: unknown = row;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[seg];
  }
  return v === undefined ? null : v;
}

export function selectRows(out: RunOutput, q: RowQuery): Record<string, unknown>[] {
  const rows = out[q.table] as unknown as Record<string, unknown>[];
  const conds = Object.entries(q.where);
  return rows.filter((row) => conds.every(([k, want]) => fieldOf(row, k) === want));
}

/** How a query reads in a message: `dag_runs where dag_id=x, logical_date=null`. */
export function queryText(q: RowQuery): string {
  const conds = Object.entries(q.where).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return conds.length ? `${q.table} where ${conds.join(', ')}` : q.table;
}
