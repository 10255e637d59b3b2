// From a point or a log entry back to runs: hit testing, reference arrows, run lookup.
import type { LogEntryOut } from '../core/index.js';
import { type TimeScale, rowAt, rowWindow, toPx, toTime } from './time_scale.js';
import { LANE_INTERVAL, type TimelineLayout, runKey, runStateAt } from './timeline_model.js';

/** The run under a point (layout y, sink x), or -1. Tolerance in px around thin marks. */
export function hitTest(layout: TimelineLayout, s: TimeScale, x: number, y: number, clock = Infinity, tolerance = 5): number {
  const g = rowAt(layout, y);
  if (g < 0) return -1;
  const t = toTime(s, x);
  const tol = tolerance / s.k;
  const [from, to] = rowWindow(layout, g, t - tol, t + tol);
  const order = layout.rowOrder[g];
  let best = -1;
  let bestD = Infinity;
  for (let k = from; k < to; k++) {
    const i = order[k];
    if (layout.hi[i] < t - tol || runStateAt(layout, i, clock) < 0) continue;
    const xr = toPx(s, layout.runAfter[i]);
    let d = Math.abs(xr - x);
    if (layout.lane[i] === LANE_INTERVAL) {
      const a = toPx(s, layout.start[i]);
      const b = toPx(s, layout.end[i]);
      if (x >= a && x <= b) d = Math.min(d, 0.5);
      else d = Math.min(d, Math.abs(a - x), Math.abs(b - x));
    }
    const es = layout.execStart[i];
    if (Number.isFinite(es)) {
      const a = toPx(s, es);
      const b = toPx(s, Number.isFinite(layout.execEnd[i]) ? layout.execEnd[i] : Math.min(clock, layout.extent[1]));
      if (x >= a && x <= b) d = Math.min(d, 1);
    }
    if (d < bestD || (d === bestD && i > best)) { bestD = d; best = i; }
  }
  return bestD <= tolerance ? best : -1;
}

/** Arrows for a run: log entries of that run that name another run (`ref_run_id`). */
export function refArrows(layout: TimelineLayout, log: readonly LogEntryOut[], i: number): Array<[number, number]> {
  const r = layout.runs[i];
  const out: Array<[number, number]> = [];
  const seen = new Set<number>();
  for (const e of log) {
    if (!e.ref_run_id || e.run_id !== r.run_id || e.dag_id !== r.dag_id) continue;
    const j = resolveRun(layout, r.dag_id, e.ref_run_id);
    if (j >= 0 && j !== i && !seen.has(j)) { seen.add(j); out.push(e.kind === 'operator.triggered' ? [i, j] : [j, i]); }
  }
  return out;
}

/** A run by id, preferring the given DAG (ref_run_id carries no dag_id). */
export function resolveRun(layout: TimelineLayout, dagId: string, runId: string): number {
  const same = layout.indexOf.get(runKey(dagId, runId));
  if (same !== undefined) return same;
  for (let i = 0; i < layout.n; i++) if (layout.runs[i].run_id === runId) return i;
  return -1;
}
