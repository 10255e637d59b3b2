// Sorting and filtering the runs list. Pure: indices in, indices out, so the table can page
// through 100k runs without copying them.
import type { DagRunOut } from '../core/index.js';

export const RUN_COLUMNS = [
  // state right after the run id: it stays on screen when the table is narrower than its columns.
  'dag_id', 'run_id', 'state', 'run_type', 'triggered_by', 'logical_date', 'data_interval_start', 'run_after', 'conf',
] as const;
export type RunColumn = (typeof RUN_COLUMNS)[number];
export type SortDir = 'asc' | 'desc';

export interface RunFilter {
  states?: ReadonlySet<string>;
  runTypes?: ReadonlySet<string>;
  /** Inclusive bounds on run_after, epoch ms. */
  runAfterFrom?: number | null;
  runAfterTo?: number | null;
  dagId?: string | null;
  /** Substring of run_id (case-insensitive). */
  text?: string;
}

/** Indices of runs that pass the filter. `stateOf` gives the state to filter on (playback). */
export function filterRuns(runs: readonly DagRunOut[], filter: RunFilter, stateOf?: (i: number) => string | null, exists?: (i: number) => boolean): number[] {
  const out: number[] = [];
  const text = filter.text?.trim().toLowerCase() ?? '';
  const from = filter.runAfterFrom ?? null;
  const to = filter.runAfterTo ?? null;
  for (let i = 0; i < runs.length; i++) {
    if (exists && !exists(i)) continue;
    const r = runs[i];
    if (filter.dagId && r.dag_id !== filter.dagId) continue;
    if (filter.states && filter.states.size && !filter.states.has((stateOf ? stateOf(i) : r.state) ?? '')) continue;
    if (filter.runTypes && filter.runTypes.size && !filter.runTypes.has(r.run_type)) continue;
    if (from !== null || to !== null) {
      const t = Date.parse(r.run_after);
      if (from !== null && t < from) continue;
      if (to !== null && t > to) continue;
    }
    if (text && !r.run_id.toLowerCase().includes(text)) continue;
    out.push(i);
  }
  return out;
}

function sortValue(r: DagRunOut, key: RunColumn): string | null {
  switch (key) {
    case 'conf': return JSON.stringify(r.conf);
    case 'data_interval_start': return r.data_interval_start;
    default: return r[key] as string | null;
  }
}

/** Sort indices by a column; nulls (a null logical_date) go last in both directions; ties keep
 * the output's order (run_after, then creation), so sorting is stable and locale-free. */
export function sortRuns(indices: readonly number[], runs: readonly DagRunOut[], key: RunColumn, dir: SortDir, stateOf?: (i: number) => string | null): number[] {
  const sign = dir === 'asc' ? 1 : -1;
  const val = (i: number) => (key === 'state' && stateOf ? stateOf(i) : sortValue(runs[i], key));
  return [...indices].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    if (va === null || vb === null) {
      if (va === vb) return a - b;
      return va === null ? 1 : -1;
    }
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a - b;
  });
}

/** Distinct values of a field, in first-seen order (for filter checkboxes). */
export function distinct(runs: readonly DagRunOut[], key: 'state' | 'run_type' | 'dag_id'): string[] {
  const seen = new Set<string>();
  for (const r of runs) seen.add(r[key]);
  return [...seen];
}
