// Compare mode: the same scenario replayed under two profiles. Runs are matched by dag_id and
// run_id (then by dag_id, run_after and run_type, since run_id formats differ across versions);
// a run differs when it exists on one side only or any compared field differs.
import type { DagRunOut } from '../core/index.js';

export const COMPARED_FIELDS = [
  'run_type', 'triggered_by', 'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'state', 'start_date', 'end_date',
] as const;

export interface RunDiff {
  a: number | null;
  b: number | null;
  dag_id: string;
  run_id: string;
  /** Fields that differ (empty when one side is missing). */
  fields: string[];
}

export interface CompareResult {
  diffs: RunDiff[];
  same: number;
  /** Indices that differ on each side, for highlighting. */
  differA: Set<number>;
  differB: Set<number>;
}

export function compareRuns(a: readonly DagRunOut[], b: readonly DagRunOut[]): CompareResult {
  const key = (r: DagRunOut) => `${r.dag_id}\u0001${r.run_id}`;
  const alt = (r: DagRunOut) => `${r.dag_id}\u0001${r.run_after}\u0001${r.run_type}`;
  const bByKey = new Map<string, number>();
  const bByAlt = new Map<string, number[]>();
  b.forEach((r, j) => {
    bByKey.set(key(r), j);
    const k = alt(r);
    const list = bByAlt.get(k);
    if (list) list.push(j); else bByAlt.set(k, [j]);
  });
  const usedB = new Uint8Array(b.length);
  const pairs: Array<[number | null, number | null]> = [];
  const unmatchedA: number[] = [];
  a.forEach((r, i) => {
    const j = bByKey.get(key(r));
    if (j !== undefined && !usedB[j]) { usedB[j] = 1; pairs.push([i, j]); } else unmatchedA.push(i);
  });
  for (const i of unmatchedA) {
    const j = (bByAlt.get(alt(a[i])) ?? []).find((x) => !usedB[x]);
    if (j !== undefined) { usedB[j] = 1; pairs.push([i, j]); } else pairs.push([i, null]);
  }
  b.forEach((_, j) => { if (!usedB[j]) pairs.push([null, j]); });

  const diffs: RunDiff[] = [];
  const differA = new Set<number>();
  const differB = new Set<number>();
  let same = 0;
  for (const [i, j] of pairs) {
    const ra = i === null ? null : a[i];
    const rb = j === null ? null : b[j];
    const ref = (ra ?? rb)!;
    let fields: string[] = [];
    if (ra && rb) {
      fields = COMPARED_FIELDS.filter((f) => ra[f] !== rb[f]);
      if (ra.run_id !== rb.run_id) fields.unshift('run_id');
      if (fields.length === 0) { same++; continue; }
    }
    if (i !== null) differA.add(i);
    if (j !== null) differB.add(j);
    diffs.push({ a: i, b: j, dag_id: ref.dag_id, run_id: ref.run_id, fields });
  }
  diffs.sort((x, y) => {
    const rx = x.a !== null ? a[x.a].run_after : b[x.b!].run_after;
    const ry = y.a !== null ? a[y.a].run_after : b[y.b!].run_after;
    return rx < ry ? -1 : rx > ry ? 1 : 0;
  });
  return { diffs, same, differA, differB };
}
