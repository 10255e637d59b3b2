// Per-row lookup tables for the draw routine: sparse range-maximum tables and galloping search,
// so a dense row is skipped per pixel column instead of per run.
import { STATE_PRIORITY } from './colors.js';
import type { TimelineLayout } from './timeline_model.js';

/** Per row: sparse tables (range maximum in O(1)) over the rowOrder of each run's `hi` and its
 * final state's priority, built on first use. */
interface RowTable { levels: number; hi: Float64Array[]; prio: Uint8Array[] }
const rowTables = new WeakMap<TimelineLayout, Array<RowTable | undefined>>();

export function rowTable(layout: TimelineLayout, g: number): RowTable {
  let list = rowTables.get(layout);
  if (!list) { list = []; rowTables.set(layout, list); }
  const cached = list[g];
  if (cached) return cached;
  const order = layout.rowOrder[g];
  const n = order.length;
  const hi0 = new Float64Array(n);
  const prio0 = new Uint8Array(n);
  for (let k = 0; k < n; k++) { hi0[k] = layout.hi[order[k]]; prio0[k] = STATE_PRIORITY[layout.finalState[order[k]]]; }
  const hi = [hi0];
  const prio = [prio0];
  for (let j = 1; (1 << j) <= n; j++) {
    const ph = hi[j - 1];
    const pp = prio[j - 1];
    const half = 1 << (j - 1);
    const len = n - (1 << j) + 1;
    const h = new Float64Array(len);
    const p = new Uint8Array(len);
    for (let k = 0; k < len; k++) { h[k] = Math.max(ph[k], ph[k + half]); p[k] = Math.max(pp[k], pp[k + half]); }
    hi.push(h);
    prio.push(p);
  }
  const t: RowTable = { levels: hi.length, hi, prio };
  list[g] = t;
  return t;
}

/** max over [a, b) of a sparse table. */
export function rangeMax<T extends Float64Array | Uint8Array>(table: T[], _levels: number, a: number, b: number): number {
  const len = b - a;
  const j = 31 - Math.clz32(len);
  const t = table[j];
  return Math.max(t[a], t[b - (1 << j)]);
}

/** lowerBoundFrom for an answer expected near `from` (the runs of one pixel column): doubling
 * steps, then a binary search in the last step, O(log distance) rather than O(log row). */
export function gallopFrom(order: Int32Array, lo: Float64Array, v: number, from: number, to: number): number {
  let a = from;
  let step = 1;
  while (a + step < to && lo[order[a + step]] < v) { a += step; step *= 2; }
  if (a >= to || lo[order[a]] >= v) return a;
  return lowerBoundFrom(order, lo, v, a + 1, Math.min(to, a + step + 1));
}

/** First k in [from, to) with lo[order[k]] >= v (or > v when `strict`). */
export function lowerBoundFrom(order: Int32Array, lo: Float64Array, v: number, from: number, to: number, strict = false): number {
  let a = from;
  let b = to;
  while (a < b) {
    const m = (a + b) >> 1;
    const x = lo[order[m]];
    if (strict ? x <= v : x < v) a = m + 1; else b = m;
  }
  return a;
}
