// Timeline layout maths: pure functions from RunOutput to columnar geometry (typed arrays, so
// 100k runs stay cheap), then one draw routine that walks only what is in view and merges marks
// narrower than a pixel. The canvas view and the SVG export both draw through it, with different
// sinks, so they always agree. No DOM here: the CLI's SVG export runs this in Node.
import type { DagRunOut, LogEntryOut, RunOutput } from '../core/index.js';
import {
  MARKER_KINDS, MARKER_SHAPES, STATE_NAMES, STATE_COLORS, STATE_PRIORITY, THEME_COLORS, markerKind, stateIndex,
  type MarkerKind, type Theme,
} from './colors.js';

export interface LayoutOptions {
  /** DAG order for the bands (the scenario's order); DAGs without runs still get a band. */
  dagIds?: readonly string[];
  /** Height of the band title strip. */
  bandTitle?: number;
  /** Height of one interval sub-row (interval bar, execution span, run_after tick). */
  rowHeight?: number;
  /** Height of one ad-hoc sub-row (run_after marker, execution span). */
  adhocHeight?: number;
  /** Gap between bands. */
  bandGap?: number;
  /** Runs that overlap stack in sub-rows, at most this many per lane; the rest share the last
   * sub-row and are counted in a "+N" badge there. */
  maxRows?: number;
  /** Runs sharing a sub-row keep at least this gap (px in the full view at `referenceWidth`). */
  rowGapPx?: number;
  /** Width (px) at which pixel sizes (marker radius, gap) are turned into time for packing: the
   * layout is packed once, in time units, for the unzoomed view at this width. */
  referenceWidth?: number;
}

export const LAYOUT_DEFAULTS: Required<Omit<LayoutOptions, 'dagIds'>> = {
  bandTitle: 18,
  rowHeight: 22,
  adhocHeight: 22,
  bandGap: 10,
  maxRows: 8,
  rowGapPx: 3,
  referenceWidth: 1200,
};

/** Vertical positions inside a row, relative to the row's top. */
export const ROW_GEOMETRY = {
  intervalY: 3, intervalH: 8,
  execY: 13, execH: 6,
  tickY: 1, tickH: 20,
  markerCy: 8, markerR: 5,
  adhocExecY: 15, adhocExecH: 5,
} as const;

/** Half-width (px) of the caps of a zero-length interval's I-beam. */
const ZERO_CAP = 3;
/** Packing resolution floor: px are taken at a zoom where a lane's runs are this far apart. */
const DENSE_SPACING_PX = 16;

export interface Band {
  dag_id: string;
  index: number;
  y: number;
  height: number;
  /** Global index of the band's first interval sub-row; the ad-hoc sub-rows follow them. */
  firstRow: number;
  intervalRows: number;
  /** Global index of the band's first ad-hoc sub-row. */
  adhocRow: number;
  adhocRows: number;
  /** Runs beyond `maxRows` per lane (drawn in the lane's last sub-row, counted by a badge). */
  intervalOverflow: number;
  adhocOverflow: number;
}

export const LANE_INTERVAL = 0;
export const LANE_ADHOC = 1;

export interface TimelineLayout {
  runs: readonly DagRunOut[];
  n: number;
  bands: Band[];
  height: number;
  /** [min, max] epoch ms over the clock and every mark, before padding. */
  extent: [number, number];
  clockStart: number;
  clockEnd: number;
  /** Per global row. */
  rowY: Float64Array;
  rowH: Float64Array;
  rowLane: Uint8Array;
  rowBand: Int32Array;
  /** Per global row: run indices sorted by `lo`, and the widest `hi - lo` in the row. */
  rowOrder: Int32Array[];
  rowMaxSpan: Float64Array;
  /** Per global row: the runs that did not get a sub-row of their own (only in a lane's last
   * sub-row), sorted by `lo`, and their widest `hi - lo`. */
  rowOverflow: Int32Array[];
  rowOverflowSpan: Float64Array;
  /** Per run (index into runs). NaN where the run has no such time. */
  band: Int32Array;
  lane: Uint8Array;
  row: Int32Array;
  start: Float64Array;
  end: Float64Array;
  runAfter: Float64Array;
  execStart: Float64Array;
  execEnd: Float64Array;
  created: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  zeroLength: Uint8Array;
  marker: Uint8Array;
  finalState: Uint8Array;
  /** 1 where the run did not fit in `maxRows` sub-rows and overlaps others in its lane's last one. */
  overflow: Uint8Array;
  /** State changes from the decision log, flattened: run i's are changeAt[changeFirst[i] .. changeFirst[i+1]). */
  changeFirst: Int32Array;
  changeAt: Float64Array;
  changeState: Uint8Array;
  /** dag_id + '\u0001' + run_id → run index. */
  indexOf: Map<string, number>;
  /** Catch-up groups: runs of one lane that waited and all started at one instant (a DAG switched
   * on late), packed into one sub-row so they read as one column, with their count. */
  catchUps: CatchUp[];
}

export interface CatchUp { row: number; at: number; count: number; runs: number[] }

/** Fewest runs starting together after waiting that are drawn as one caught-up column. */
export const CATCH_UP_MIN = 3;

export const runKey = (dagId: string, runId: string): string => `${dagId}\u0001${runId}`;

/** Epoch ms of an output instant; NaN for null. The output's own format ("YYYY-MM-DDTHH:MM:SS[.fff]Z")
 * is read directly (Date.parse dominates laying out 100k runs); anything else goes to Date.parse. */
export function parseTime(iso: string | null | undefined): number {
  if (iso === null || iso === undefined || iso === '') return NaN;
  const n = iso.length;
  if (n >= 20 && iso.charCodeAt(n - 1) === 90 && iso.charCodeAt(10) === 84 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58) {
    let ok = true;
    const d = (i: number): number => { const c = iso.charCodeAt(i) - 48; if (c < 0 || c > 9) ok = false; return c; };
    const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const mo = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    const h = d(11) * 10 + d(12);
    const mi = d(14) * 10 + d(15);
    const se = d(17) * 10 + d(18);
    let ms = 0;
    if (n > 20) {
      if (iso.charCodeAt(19) !== 46) ok = false;
      let f = 100;
      for (let i = 20; i < n - 1; i++) { ms += d(i) * f; f /= 10; }
    }
    if (ok && mo >= 1 && mo <= 12 && day >= 1 && day <= 31 && h < 24 && mi < 60 && se < 60) {
      return ((daysFromCivil(y, mo, day) * 24 + h) * 60 + mi) * 60_000 + se * 1000 + Math.round(ms);
    }
  }
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const RUN_STATES = new Set(['queued', 'running', 'success', 'failed']);

/** Lay out every run of `output` in bands (one per DAG), rows and lanes. */
export function layoutTimeline(output: Pick<RunOutput, 'dag_runs' | 'log' | 'clock'>, options: LayoutOptions = {}): TimelineLayout {
  const o = { ...LAYOUT_DEFAULTS, ...options };
  const runs = output.dag_runs;
  const n = runs.length;
  const clockStart = parseTime(output.clock.start);
  const clockEnd = parseTime(output.clock.end);

  const dagIds: string[] = [];
  const dagIndex = new Map<string, number>();
  for (const id of options.dagIds ?? []) if (!dagIndex.has(id)) { dagIndex.set(id, dagIds.length); dagIds.push(id); }
  for (const r of runs) if (!dagIndex.has(r.dag_id)) { dagIndex.set(r.dag_id, dagIds.length); dagIds.push(r.dag_id); }

  const band = new Int32Array(n);
  const lane = new Uint8Array(n);
  const row = new Int32Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const runAfter = new Float64Array(n);
  const execStart = new Float64Array(n);
  const execEnd = new Float64Array(n);
  const created = new Float64Array(n);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const zeroLength = new Uint8Array(n);
  const marker = new Uint8Array(n);
  const finalState = new Uint8Array(n);
  const indexOf = new Map<string, number>();

  for (let i = 0; i < n; i++) {
    const r = runs[i];
    indexOf.set(runKey(r.dag_id, r.run_id), i);
    band[i] = dagIndex.get(r.dag_id)!;
    let s = parseTime(r.data_interval_start);
    let e = parseTime(r.data_interval_end);
    const ld = parseTime(r.logical_date);
    if (r.logical_date === null) {
      lane[i] = LANE_ADHOC;
      s = NaN; e = NaN;
    } else {
      lane[i] = LANE_INTERVAL;
      // A logical date without a data interval is drawn as a zero-length interval at the logical date.
      if (!Number.isFinite(s) || !Number.isFinite(e)) { s = ld; e = ld; }
      if (e < s) e = s;
    }
    start[i] = s;
    end[i] = e;
    zeroLength[i] = lane[i] === LANE_INTERVAL && e === s ? 1 : 0;
    runAfter[i] = parseTime(r.run_after);
    execStart[i] = parseTime(r.start_date);
    execEnd[i] = parseTime(r.end_date);
    created[i] = parseTime(r.queued_at);
    marker[i] = MARKER_KINDS.indexOf(markerKind(r));
    finalState[i] = stateIndex(r.state);
  }

  // Creation time and state changes from the log (`dag_run.created`, `dag_run.<state>`).
  const counts = new Int32Array(n + 1);
  const logRun = new Int32Array(output.log.length).fill(-1);
  const hasCreated = new Uint8Array(n);
  output.log.forEach((entry: LogEntryOut, k) => {
    if (entry.run_id === null || entry.dag_id === null) return;
    const i = indexOf.get(runKey(entry.dag_id, entry.run_id));
    if (i === undefined) return;
    const at = parseTime(entry.at);
    if (entry.kind === 'dag_run.created') { if (!hasCreated[i]) { hasCreated[i] = 1; created[i] = at; } }
    else if (!hasCreated[i] && !(created[i] <= at)) created[i] = at;
    if (entry.kind.startsWith('dag_run.') && RUN_STATES.has(entry.kind.slice(8))) { logRun[k] = i; counts[i + 1]++; }
  });
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const changeFirst = counts;
  const total = changeFirst[n];
  const changeAt = new Float64Array(total);
  const changeState = new Uint8Array(total);
  const fill = changeFirst.slice(0, n);
  output.log.forEach((entry, k) => {
    const i = logRun[k];
    if (i < 0) return;
    const j = fill[i]++;
    changeAt[j] = parseTime(entry.at);
    changeState[j] = stateIndex(entry.kind.slice(8));
  });

  let minT = Number.isFinite(clockStart) ? clockStart : Infinity;
  let maxT = Number.isFinite(clockEnd) ? clockEnd : -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(created[i])) created[i] = runAfter[i];
    let l = runAfter[i];
    let h = runAfter[i];
    if (lane[i] === LANE_INTERVAL) { l = Math.min(l, start[i]); h = Math.max(h, end[i]); }
    if (Number.isFinite(execStart[i])) { l = Math.min(l, execStart[i]); h = Math.max(h, execStart[i]); }
    if (Number.isFinite(execEnd[i])) h = Math.max(h, execEnd[i]);
    lo[i] = l;
    hi[i] = h;
    if (l < minT) minT = l;
    if (h > maxT) maxT = h;
  }
  if (!Number.isFinite(minT)) minT = 0;
  if (!Number.isFinite(maxT) || maxT <= minT) maxT = minT + 86_400_000;
  // A run still running at the end is drawn to the end of the simulated clock.
  for (let i = 0; i < n; i++) if (Number.isFinite(execStart[i]) && !Number.isFinite(execEnd[i])) hi[i] = Math.max(hi[i], maxT);

  // Stack overlapping runs into sub-rows, per band and lane. Each run's horizontal extent is
  // everything drawn for it: data interval, execution span and run_after mark, widened by the
  // mark's radius in px (markers, I-beams), and runs sharing a sub-row keep `rowGapPx` apart.
  // Packing happens once, in time units, with px taken at the full view at `referenceWidth`:
  // zooming in only spreads marks apart, so no zoom level makes packed runs collide. A lane too
  // dense for that (runs under DENSE_SPACING_PX apart on average: marks merge per pixel there)
  // takes px at the zoom where they are that far apart, so sub-rows show runs that overlap in
  // time rather than runs that share a pixel in an overview.
  const fullMsPerPx = ((maxT - minT) * 1.04) / Math.max(1, o.referenceWidth);
  const maxRows = Math.max(1, Math.floor(o.maxRows));
  const nb = dagIds.length;
  const laneRuns: number[][] = Array.from({ length: nb * 2 }, () => []);
  for (let i = 0; i < n; i++) laneRuns[band[i] * 2 + lane[i]].push(i);
  const packLo = new Float64Array(n);
  const packHi = new Float64Array(n);
  const overflow = new Uint8Array(n);
  const laneRows = new Int32Array(nb * 2).fill(1);
  const laneOverflow = new Int32Array(nb * 2);
  const rowEnd = new Float64Array(maxRows);
  const groupLeader = new Int32Array(n).fill(-1);
  const groups: CatchUp[] = [];
  for (let q = 0; q < nb * 2; q++) {
    const list = laneRuns[q];
    if (!list.length) continue;
    const msPerPx = Math.min(fullMsPerPx, (maxT - minT) / list.length / DENSE_SPACING_PX);
    for (const i of list) {
      // Half-width in px of the run_after mark: the ad-hoc marker, the interval lane's smaller
      // marker, or the 1.5 px tick; the zero-length I-beam is ZERO_CAP px either side.
      const half = (lane[i] === LANE_ADHOC ? ROW_GEOMETRY.markerR + 1 : marker[i] === 0 ? 1 : 5) * msPerPx;
      let l = Math.min(lo[i], runAfter[i] - half);
      let h = Math.max(hi[i], runAfter[i] + half);
      if (zeroLength[i]) { l = Math.min(l, start[i] - ZERO_CAP * msPerPx); h = Math.max(h, start[i] + ZERO_CAP * msPerPx); }
      packLo[i] = Number.isFinite(l) ? l : lo[i];
      packHi[i] = Number.isFinite(h) ? h : hi[i];
    }
    const gapT = o.rowGapPx * msPerPx;
    // Catch-up groups: interval runs that waited past their run_after and started at one instant.
    // Packed one by one, each one's execution span overlaps every later interval and they stack
    // diagonally one sub-row each; as one unit they share a sub-row and their spans one column.
    const byStart = new Map<number, number[]>();
    if (q % 2 === LANE_INTERVAL) {
      for (const i of list) if (Number.isFinite(execStart[i]) && execStart[i] > runAfter[i]) {
        const g = byStart.get(execStart[i]);
        if (g) g.push(i); else byStart.set(execStart[i], [i]);
      }
    }
    for (const [at, members] of byStart) {
      if (members.length < CATCH_UP_MIN) continue;
      let gl = Infinity;
      let gh = -Infinity;
      for (const i of members) { gl = Math.min(gl, packLo[i]); gh = Math.max(gh, packHi[i]); }
      const leader = members.reduce((a, c) => (runAfter[c] < runAfter[a] || (runAfter[c] === runAfter[a] && c < a) ? c : a));
      for (const i of members) { groupLeader[i] = leader; packLo[i] = gl; packHi[i] = gh; }
      groups.push({ row: -1, at, count: members.length, runs: members });
    }
    // Greedy by start time (first sub-row free by then); ties: run_after, creation, output order.
    list.sort((a, c) => packLo[a] - packLo[c] || runAfter[a] - runAfter[c] || created[a] - created[c] || a - c);
    let used = 0;
    let over = 0;
    for (const i of list) {
      if (groupLeader[i] >= 0 && groupLeader[i] !== i) continue;
      const free = packLo[i] - gapT;
      let r = 0;
      while (r < used && !(rowEnd[r] <= free)) r++;
      if (r === used) {
        if (used < maxRows) used++;
        else { r = maxRows - 1; overflow[i] = 1; over++; }
      }
      rowEnd[r] = overflow[i] ? Math.max(rowEnd[r], packHi[i]) : packHi[i];
      row[i] = r;
    }
    for (const i of list) if (groupLeader[i] >= 0) { row[i] = row[groupLeader[i]]; overflow[i] = overflow[groupLeader[i]]; }
    laneRows[q] = Math.max(1, used);
    laneOverflow[q] = over;
  }

  const bands: Band[] = [];
  const rowY: number[] = [];
  const rowH: number[] = [];
  const rowLane: number[] = [];
  const rowBand: number[] = [];
  let y = 0;
  for (let b = 0; b < nb; b++) {
    const firstRow = rowY.length;
    let yy = y + o.bandTitle;
    const intervalRows = laneRows[b * 2 + LANE_INTERVAL];
    const adhocRows = laneRows[b * 2 + LANE_ADHOC];
    for (let r = 0; r < intervalRows; r++) { rowY.push(yy); rowH.push(o.rowHeight); rowLane.push(LANE_INTERVAL); rowBand.push(b); yy += o.rowHeight; }
    const adhocRow = rowY.length;
    for (let r = 0; r < adhocRows; r++) { rowY.push(yy); rowH.push(o.adhocHeight); rowLane.push(LANE_ADHOC); rowBand.push(b); yy += o.adhocHeight; }
    bands.push({
      dag_id: dagIds[b], index: b, y, height: yy - y, firstRow, intervalRows, adhocRow, adhocRows,
      intervalOverflow: laneOverflow[b * 2 + LANE_INTERVAL], adhocOverflow: laneOverflow[b * 2 + LANE_ADHOC],
    });
    y = yy + o.bandGap;
  }
  const height = bands.length ? y - o.bandGap : 0;

  for (let i = 0; i < n; i++) row[i] += lane[i] === LANE_INTERVAL ? bands[band[i]].firstRow : bands[band[i]].adhocRow;
  for (const g of groups) g.row = row[g.runs[0]];

  const rowCount = rowY.length;
  const members: number[][] = Array.from({ length: rowCount }, () => []);
  for (let i = 0; i < n; i++) members[row[i]].push(i);
  const rowOrder = members.map((m) => Int32Array.from(m.sort((a, c) => lo[a] - lo[c] || a - c)));
  const rowMaxSpan = new Float64Array(rowCount);
  for (let g = 0; g < rowCount; g++) for (const i of rowOrder[g]) rowMaxSpan[g] = Math.max(rowMaxSpan[g], hi[i] - lo[i]);
  const rowOverflow: Int32Array[] = new Array(rowCount);
  const rowOverflowSpan = new Float64Array(rowCount);
  const noRuns = new Int32Array(0);
  for (let g = 0; g < rowCount; g++) {
    const order = rowOrder[g];
    let count = 0;
    for (let k = 0; k < order.length; k++) count += overflow[order[k]];
    if (!count) { rowOverflow[g] = noRuns; continue; }
    const list = new Int32Array(count);
    let j = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (!overflow[i]) continue;
      list[j++] = i;
      rowOverflowSpan[g] = Math.max(rowOverflowSpan[g], hi[i] - lo[i]);
    }
    rowOverflow[g] = list;
  }

  return {
    runs, n, bands, height, extent: [minT, maxT], clockStart, clockEnd,
    rowY: Float64Array.from(rowY), rowH: Float64Array.from(rowH), rowLane: Uint8Array.from(rowLane), rowBand: Int32Array.from(rowBand),
    rowOrder, rowMaxSpan, rowOverflow, rowOverflowSpan,
    band, lane, row, start, end, runAfter, execStart, execEnd, created, lo, hi, zeroLength, marker, finalState, overflow,
    changeFirst, changeAt, changeState, indexOf, catchUps: groups,
  };
}

/** The run's state index at clock `t` (Infinity: the final state), or -1 if it does not exist yet. */
export function runStateAt(layout: TimelineLayout, i: number, t: number): number {
  if (t === Infinity) return layout.finalState[i];
  if (layout.created[i] > t) return -1;
  const a = layout.changeFirst[i];
  const b = layout.changeFirst[i + 1];
  if (b > a) {
    let s = -1;
    for (let j = a; j < b && layout.changeAt[j] <= t; j++) s = layout.changeState[j];
    return s < 0 ? STATE_QUEUED : s;
  }
  // No state changes in the log: derive from the run's own timestamps.
  if (layout.execEnd[i] <= t) return layout.finalState[i];
  if (layout.execStart[i] <= t) return STATE_RUNNING;
  return STATE_QUEUED;
}

const STATE_QUEUED = STATE_NAMES.indexOf('queued');
/** priority → state index (STATE_PRIORITY is a permutation). */
const PRIORITY_STATE: number[] = (() => { const inv: number[] = []; STATE_PRIORITY.forEach((p, i) => { inv[p] = i; }); return inv; })();
const STATE_RUNNING = STATE_NAMES.indexOf('running');

// ---------------------------------------------------------------------------------------------
// Scales and view

/** A linear map from epoch ms to px: px = (t - t0) * k + x0. */
export interface TimeScale { t0: number; k: number; x0: number }

export function fitScale(domain: readonly [number, number], x0: number, x1: number): TimeScale {
  const span = domain[1] - domain[0] || 1;
  return { t0: domain[0], k: (x1 - x0) / span, x0 };
}

export const toPx = (s: TimeScale, t: number): number => (t - s.t0) * s.k + s.x0;
export const toTime = (s: TimeScale, px: number): number => (px - s.x0) / s.k + s.t0;

/** Apply a d3-zoom-like transform (x' = x * k + tx) to a base scale. */
export function zoomScale(base: TimeScale, k: number, tx: number): TimeScale {
  return { t0: base.t0, k: base.k * k, x0: base.x0 * k + tx };
}

/** The padded time domain shown when nothing is zoomed. */
export function paddedDomain(layout: TimelineLayout, fraction = 0.02): [number, number] {
  const [a, b] = layout.extent;
  const pad = (b - a) * fraction;
  return [a - pad, b + pad];
}

/** Indices [from, to) into rowOrder[g] whose extent may intersect [tLeft, tRight]. */
export function rowWindow(layout: TimelineLayout, g: number, tLeft: number, tRight: number): [number, number] {
  const order = layout.rowOrder[g];
  const lo = layout.lo;
  const from = lowerBound(order, lo, tLeft - layout.rowMaxSpan[g]);
  const to = lowerBound(order, lo, tRight, true);
  return [from, to];
}

/** First k with lo[order[k]] >= v (or > v when `strict`). */
function lowerBound(order: Int32Array, lo: Float64Array, v: number, strict = false): number {
  let a = 0;
  let b = order.length;
  while (a < b) {
    const m = (a + b) >> 1;
    const x = lo[order[m]];
    if (strict ? x <= v : x < v) a = m + 1; else b = m;
  }
  return a;
}

/** First global row whose bottom is below y. */
export function rowAt(layout: TimelineLayout, y: number): number {
  const ys = layout.rowY;
  let a = 0;
  let b = ys.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (ys[m] + layout.rowH[m] <= y) a = m + 1; else b = m;
  }
  return a < ys.length && y >= ys[a] ? a : -1;
}

// ---------------------------------------------------------------------------------------------
// Drawing through a sink

export type Shape = 'tick' | 'circle' | 'diamond' | 'square' | 'triangle';

export interface TimelineSink {
  /** Optional: merged sub-pixel columns (defaults to rect). */
  columnRect?(x: number, y: number, w: number, h: number, fill: string, opacity?: number): void;
  /** Optional: a whole row of merged pixel columns at once, instead of one columnRect per run of
   * equal columns. cols[from + c] (c < n) is 0 for an empty column, else 1 + an index into
   * `colors`; column c covers x + c .. x + c + 1 and y .. y + h. `widen`: a run one column wide
   * is 1.5 px wide, as the rect path draws it. The sink must copy what it keeps. */
  columnStrip?(cols: Uint8Array, from: number, n: number, x: number, y: number, h: number, colors: readonly string[], opacity: number, widen: boolean): void;
  /** Called at the end of drawTimeline, before selection outlines and arrows (the canvas sink
   * batches marks by style and paints them here). */
  flush?(): void;
  rect(x: number, y: number, w: number, h: number, fill: string, opacity?: number): void;
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): void;
  marker(shape: Shape, cx: number, cy: number, r: number, fill: string, stroke: string): void;
  text(x: number, y: number, text: string, fill: string, size: number, anchor: 'start' | 'middle' | 'end', weight?: 'normal' | 'bold'): void;
  arrow(x1: number, y1: number, x2: number, y2: number, stroke: string): void;
}

export interface DrawView {
  scale: TimeScale;
  /** Visible px range in x (the sink's coordinates). */
  left: number;
  right: number;
  /** Visible y range in layout coordinates, and the offset added to every y (scrolling, headers). */
  top: number;
  bottom: number;
  yOffset: number;
  theme: Theme;
  /** The virtual clock: only what exists at t is drawn, in its state at t. Infinity: the end. */
  clock: number;
  selected?: number;
  /** Runs to outline (compare mode). */
  highlight?: ReadonlySet<number>;
  /** Arrows between runs: [from index, to index]. */
  arrows?: ReadonlyArray<readonly [number, number]>;
}

export interface DrawStats { runsVisited: number; primitives: number }

/** Layers whose sub-pixel marks are merged per pixel column. */
const L_INTERVAL = 0;
const L_EXEC = 1;
const L_TICK = 2;
const L_ZERO = 3;
const L_MARK = 4;
const LAYERS = 5;
/** Markers closer than this (px) to the previous one of their kind merge into a column strip. */
const MARKER_GAP = 6;
/** Bars narrower than this (px) are drawn as merged columns (no per-bar edge is visible anyway). */
const NARROW = 5;
/** A row with at least this many column marks goes to the sink's columnStrip, if any. */
const STRIP_MIN = 48;
/** Overflow runs closer than this (px) share one "+N" badge. */
const BADGE_SPACING = 48;

/** Draw what is in view. Work is bounded by visible pixels: marks narrower than a pixel are
 * collected per row, layer and pixel column (the column keeps its most urgent state: failed over
 * running over success), then drawn as one rect per run of equal columns. */
export function drawTimeline(layout: TimelineLayout, sink: TimelineSink, view: DrawView): DrawStats {
  const colors = STATE_COLORS[view.theme];
  const themeColors = THEME_COLORS[view.theme];
  const stateColor = STATE_NAMES.map((s) => colors[s]);
  const s = view.scale;
  const tLeft = toTime(s, view.left - 8);
  const tRight = toTime(s, view.right + 8);
  const yo = view.yOffset;
  const g0 = Math.max(0, firstRowBelow(layout, view.top));
  const clock = view.clock;
  let runsVisited = 0;
  let primitives = 0;
  const c0 = Math.floor(view.left) - 8;
  const W = Math.ceil(view.right) + 8 - c0 + 1;
  // Per layer and column: 0 = empty, else 1 + state index with the highest priority seen.
  const cols = new Uint8Array(LAYERS * W);
  // Per layer: marks put in this row, and the first and last column they touched.
  const touched = new Uint32Array(LAYERS);
  const firstCol = new Int32Array(LAYERS).fill(W);
  const lastCol = new Int32Array(LAYERS).fill(-1);
  const lastMarkerX = new Float64Array(MARKER_KINDS.length);
  const put = (layer: number, x: number, st: number) => {
    const c = Math.floor(x) - c0;
    if (c < 0 || c >= W) return;
    const k = layer * W + c;
    const cur = cols[k];
    if (cur === 0 || STATE_PRIORITY[st] > STATE_PRIORITY[cur - 1]) cols[k] = st + 1;
    touched[layer]++;
    if (c < firstCol[layer]) firstCol[layer] = c;
    if (c > lastCol[layer]) lastCol[layer] = c;
  };
  // Narrow bars (< NARROW px) also go through the columns, so runs of them in one state merge.
  const putRange = (layer: number, x0: number, x1: number, st: number) => {
    const a = Math.floor(x0);
    const b = Math.max(a, Math.ceil(x1) - 1);
    for (let c = a; c <= b; c++) put(layer, c, st);
  };

  // Range collapsing uses final states: only at the end of the clock, and not when outlining.
  const canSkip = clock === Infinity && !(view.highlight && view.highlight.size);
  const badges: number[] = [];
  for (let g = g0; g < layout.rowY.length; g++) {
    const ry = layout.rowY[g];
    if (ry > view.bottom) break;
    const y = ry + yo;
    if (layout.rowOverflow[g].length) overflowBadges(layout, g, s, tLeft, tRight, clock, y, badges);
    const [from, to] = rowWindow(layout, g, tLeft, tRight);
    const order = layout.rowOrder[g];
    const isInterval = layout.rowLane[g] === LANE_INTERVAL;
    const ey = y + (isInterval ? ROW_GEOMETRY.execY : ROW_GEOMETRY.adhocExecY);
    const eh = isInterval ? ROW_GEOMETRY.execH : ROW_GEOMETRY.adhocExecH;
    lastMarkerX.fill(-Infinity);
    const table = canSkip ? rowTable(layout, g) : null;
    for (let k = from; k < to; k++) {
      const i = order[k];
      if (layout.hi[i] < tLeft) continue;
      runsVisited++;
      if (table) {
        // Cost follows pixels, not runs: every run that starts and ends inside this pixel column
        // collapses into one column mark in the most urgent state among them (range queries).
        // Runs starting in this column whose marks end by the next one (≤ 1 px of spill); a run
        // alone in its column too when the next one follows within MARKER_GAP (a dense stream,
        // whose markers would merge into a strip anyway).
        const col0 = Math.floor(toPx(s, layout.lo[i]));
        const colEnd = toTime(s, col0 + 1);
        const spill = toTime(s, col0 + 2);
        if (layout.hi[i] < spill) {
          const k2 = gallopFrom(order, layout.lo, colEnd, k + 1, to);
          const dense = k2 - k > 1 || (k2 < to && layout.lo[order[k2]] < toTime(s, col0 + MARKER_GAP));
          if (dense && rangeMax(table.hi, table.levels, k, k2) < spill) {
            const st = PRIORITY_STATE[rangeMax(table.prio, table.levels, k, k2)];
            const xr = toPx(s, layout.runAfter[i]);
            if (layout.execStart[i] <= clock) put(L_EXEC, toPx(s, layout.execStart[i]), st);
            if (isInterval) {
              put(layout.zeroLength[i] ? L_ZERO : L_INTERVAL, layout.zeroLength[i] ? toPx(s, layout.start[i]) + 0.5 : toPx(s, layout.start[i]), st);
              put(layout.marker[i] === 0 ? L_TICK : L_MARK, xr + 0.5, st);
            } else put(L_MARK, xr + 0.5, st);
            k = k2 - 1;
            continue;
          }
        }
      }
      const st = runStateAt(layout, i, clock);
      if (st < 0) continue;
      const fill = stateColor[st];
      // Execution span, up to the clock.
      const es = layout.execStart[i];
      if (es <= clock) {
        let ee = layout.execEnd[i];
        if (!(ee <= clock)) ee = Math.min(clock, layout.extent[1]);
        const x0 = toPx(s, es);
        const x1 = toPx(s, ee);
        if (x1 - x0 < NARROW) putRange(L_EXEC, x0, x1, st);
        else { sink.rect(x0, ey, x1 - x0, eh, fill); primitives++; }
      }
      const mk = layout.marker[i];
      const xr = toPx(s, layout.runAfter[i]);
      if (isInterval) {
        const x0 = toPx(s, layout.start[i]);
        const x1 = toPx(s, layout.end[i]);
        if (layout.zeroLength[i]) put(L_ZERO, x0 + 0.5, st);
        else if (x1 - x0 < NARROW) putRange(L_INTERVAL, x0, x1, st);
        else {
          sink.rect(x0, y + ROW_GEOMETRY.intervalY, x1 - x0, ROW_GEOMETRY.intervalH, fill, 0.45);
          primitives++;
          if (x1 - x0 >= 5) { sink.rect(x0, y + ROW_GEOMETRY.intervalY, 1, ROW_GEOMETRY.intervalH, fill); primitives++; }
        }
        // run_after: a tick for scheduled runs, a marker shaped by run type otherwise.
        if (mk === 0) put(L_TICK, xr + 0.5, st);
        else if (Math.abs(xr - lastMarkerX[mk]) >= MARKER_GAP) {
          lastMarkerX[mk] = xr;
          sink.marker(MARKER_SHAPES[MARKER_KINDS[mk]], xr, y + ROW_GEOMETRY.execY + 3, 4, fill, themeColors.tick);
          primitives++;
        } else put(L_MARK, xr + 0.5, st);
      } else if (Math.abs(xr - lastMarkerX[mk]) >= MARKER_GAP) {
        lastMarkerX[mk] = xr;
        sink.marker(MARKER_SHAPES[MARKER_KINDS[mk]], xr, y + ROW_GEOMETRY.markerCy, ROW_GEOMETRY.markerR, fill, themeColors.tick);
        primitives++;
      } else put(L_MARK, xr + 0.5, st);
      if (view.highlight?.has(i)) { outline(layout, sink, s, i, yo, themeColors.diff, 2); primitives++; }
    }
    // Flush the merged columns of this row: one rect per run of equal columns.
    const col = sink.columnRect ? sink.columnRect.bind(sink) : sink.rect.bind(sink);
    // Many marks in this row: the sink takes its interval, execution and marker columns as strips
    // (one image row each on the canvas), not a rect per run of equal columns.
    const strips = sink.columnStrip !== undefined && touched[L_INTERVAL] + touched[L_EXEC] + touched[L_MARK] >= STRIP_MIN;
    for (let layer = 0; layer < LAYERS; layer++) {
      if (!touched[layer]) continue;
      touched[layer] = 0;
      const base = layer * W;
      const from = firstCol[layer];
      const last = lastCol[layer];
      firstCol[layer] = W;
      lastCol[layer] = -1;
      if (layer === L_ZERO) { primitives += flushIBeams(cols, base, from, last, c0, y + ROW_GEOMETRY.intervalY, ROW_GEOMETRY.intervalH, stateColor, col); continue; }
      if (strips && sink.columnStrip && layer !== L_TICK) {
        const n = Math.min(W, last + 2) - from;
        if (layer === L_INTERVAL) sink.columnStrip(cols, base + from, n, c0 + from, y + ROW_GEOMETRY.intervalY, ROW_GEOMETRY.intervalH, stateColor, 0.55, false);
        else if (layer === L_EXEC) sink.columnStrip(cols, base + from, n, c0 + from, ey, eh, stateColor, 1, true);
        else sink.columnStrip(cols, base + from, n, c0 + from, y + (isInterval ? ROW_GEOMETRY.execY + 3 : ROW_GEOMETRY.markerCy) - 4, 8, stateColor, 1, false);
        cols.fill(0, base + from, base + last + 1);
        primitives++;
        continue;
      }
      let c = from;
      while (c <= last) {
        const v = cols[base + c];
        if (v === 0) { c++; continue; }
        let e = c + 1;
        while (e < W && cols[base + e] === v) e++;
        const x = c + c0;
        const fill = stateColor[v - 1];
        if (layer === L_INTERVAL) col(x, y + ROW_GEOMETRY.intervalY, e - c, ROW_GEOMETRY.intervalH, fill, 0.55);
        else if (layer === L_EXEC) col(x, ey, Math.max(1.5, e - c), eh, fill);
        else if (layer === L_TICK) {
          // A run_after tick in every pixel says nothing and would hide the intervals: only
          // ticks with room around them are drawn.
          if (e - c < 3) col(x - 0.25, y + ROW_GEOMETRY.tickY, e - c + 0.5, ROW_GEOMETRY.tickH, themeColors.tick);
        }
        else {
          const cy = y + (isInterval ? ROW_GEOMETRY.execY + 3 : ROW_GEOMETRY.markerCy);
          col(x, cy - 4, e - c, 8, fill);
        }
        primitives++;
        cols.fill(0, base + c, base + e);
        c = e;
      }
    }
  }
  sink.flush?.();
  // Catch-up columns: "7 caught up at 06:00" beside the one execution column they share.
  for (const c of layout.catchUps) {
    const ry = layout.rowY[c.row];
    if (c.at > clock || ry > view.bottom || ry + layout.rowH[c.row] < view.top) continue;
    const x = toPx(s, c.at);
    if (x < view.left - 200 || x > view.right) continue;
    const label = `${c.count} caught up at ${new Date(c.at).toISOString().slice(11, 16)}`;
    const w = label.length * 5.6 + 6;
    const lx = Math.min(x + 6, view.right - w - 2);
    sink.rect(lx, ry + yo + 1, w, BADGE_H, themeColors.background, 0.85);
    sink.text(lx + 3, ry + yo + BADGE_H - 2, label, themeColors.text, 9, 'start', 'bold');
    primitives += 2;
  }
  // "+N": runs beyond the last sub-row of their lane, over the marks they share it with.
  for (let b = 0; b < badges.length; b += 3) {
    const label = `+${badges[b + 2]}`;
    const w = label.length * 5.6 + 6;
    const x = Math.max(view.left + 2, badges[b] - w - 7);
    const by = badges[b + 1] + BADGE_Y;
    sink.rect(x, by, w, BADGE_H, themeColors.text, 0.85);
    sink.text(x + w / 2, by + BADGE_H - 3, label, themeColors.background, 9, 'middle', 'bold');
    primitives += 2;
  }
  if (view.selected !== undefined && view.selected >= 0 && view.selected < layout.n) {
    outline(layout, sink, s, view.selected, yo, themeColors.selection, 2);
    primitives++;
  }
  for (const [a, b] of view.arrows ?? []) {
    const [x1, y1] = anchor(layout, s, a, yo);
    const [x2, y2] = anchor(layout, s, b, yo);
    sink.arrow(x1, y1, x2, y2, themeColors.arrow);
    primitives++;
  }
  return { runsVisited, primitives };
}

/** Zero-length data intervals of one row, merged per pixel column: each column is an I-beam that
 * keeps its width at every zoom (a 2 px stem, caps ZERO_CAP px either side). Neighbouring I-beams
 * in one state touch, so they are drawn as their union: caps joined while they touch (≤ 2 ZERO_CAP
 * px apart), stems while they touch (≤ 2 px apart). Clears the columns; returns the rects drawn. */
function flushIBeams(cols: Uint8Array, base: number, from: number, to: number, c0: number, iy: number, ih: number, stateColor: readonly string[], col: (x: number, y: number, w: number, h: number, fill: string) => void): number {
  let n = 0;
  let c = from;
  while (c <= to) {
    const v = cols[base + c];
    if (v === 0) { c++; continue; }
    const fill = stateColor[v - 1];
    let last = c;
    let stem = c;
    for (let q = c + 1; q <= to && q - last <= 2 * ZERO_CAP; q++) {
      const w = cols[base + q];
      if (w === 0) continue;
      if (w !== v) break;
      if (q - last > 2) { col(stem + c0 - 1, iy, last - stem + 2, ih, fill); n++; stem = q; }
      last = q;
    }
    col(stem + c0 - 1, iy, last - stem + 2, ih, fill);
    col(c + c0 - ZERO_CAP, iy, last - c + 2 * ZERO_CAP, 1.5, fill);
    col(c + c0 - ZERO_CAP, iy + ih - 1.5, last - c + 2 * ZERO_CAP, 1.5, fill);
    n += 3;
    cols.fill(0, base + c, base + last + 1);
    c = last + 1;
  }
  return n;
}

const BADGE_Y = 5;
const BADGE_H = 12;

/** Badges for the overflow runs of row g in view: [x of the first run's start, row top, count]
 * per group of runs within BADGE_SPACING px. Work is bounded by badges, not runs (binary search
 * to the next group), except at a finite clock where runs not yet created are not counted. */
function overflowBadges(layout: TimelineLayout, g: number, s: TimeScale, tLeft: number, tRight: number, clock: number, y: number, out: number[]): void {
  const list = layout.rowOverflow[g];
  const lo = layout.lo;
  let k = lowerBoundFrom(list, lo, tLeft - layout.rowOverflowSpan[g], 0, list.length);
  const to = lowerBoundFrom(list, lo, tRight, k, list.length, true);
  while (k < to) {
    if (layout.hi[list[k]] < tLeft) { k++; continue; }
    const x = toPx(s, lo[list[k]]);
    const k2 = lowerBoundFrom(list, lo, toTime(s, x + BADGE_SPACING), k + 1, to);
    let count = k2 - k;
    if (clock !== Infinity) for (let j = k; j < k2; j++) if (layout.created[list[j]] > clock) count--;
    if (count > 0) out.push(x, y, count);
    k = k2;
  }
}

/** Per row: sparse tables (range maximum in O(1)) over the rowOrder of each run's `hi` and its
 * final state's priority, built on first use. */
interface RowTable { levels: number; hi: Float64Array[]; prio: Uint8Array[] }
const rowTables = new WeakMap<TimelineLayout, Array<RowTable | undefined>>();

function rowTable(layout: TimelineLayout, g: number): RowTable {
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
function rangeMax<T extends Float64Array | Uint8Array>(table: T[], _levels: number, a: number, b: number): number {
  const len = b - a;
  const j = 31 - Math.clz32(len);
  const t = table[j];
  return Math.max(t[a], t[b - (1 << j)]);
}

/** lowerBoundFrom for an answer expected near `from` (the runs of one pixel column): doubling
 * steps, then a binary search in the last step, O(log distance) rather than O(log row). */
function gallopFrom(order: Int32Array, lo: Float64Array, v: number, from: number, to: number): number {
  let a = from;
  let step = 1;
  while (a + step < to && lo[order[a + step]] < v) { a += step; step *= 2; }
  if (a >= to || lo[order[a]] >= v) return a;
  return lowerBoundFrom(order, lo, v, a + 1, Math.min(to, a + step + 1));
}

/** First k in [from, to) with lo[order[k]] >= v (or > v when `strict`). */
function lowerBoundFrom(order: Int32Array, lo: Float64Array, v: number, from: number, to: number, strict = false): number {
  let a = from;
  let b = to;
  while (a < b) {
    const m = (a + b) >> 1;
    const x = lo[order[m]];
    if (strict ? x <= v : x < v) a = m + 1; else b = m;
  }
  return a;
}

/** Band backgrounds, DAG titles and lane labels (drawn before grid lines and marks). */
export function drawBandChrome(layout: TimelineLayout, sink: TimelineSink, view: Pick<DrawView, 'left' | 'right' | 'top' | 'bottom' | 'yOffset' | 'theme'>): void {
  const themeColors = THEME_COLORS[view.theme];
  const yo = view.yOffset;
  for (const b of layout.bands) {
    if (b.y > view.bottom || b.y + b.height < view.top) continue;
    sink.rect(view.left, b.y + yo, view.right - view.left, b.height, b.index % 2 ? themeColors.bandAltFill : themeColors.bandFill);
    sink.text(view.left + 6, b.y + yo + 13, b.dag_id, themeColors.text, 12, 'start', 'bold');
    const ay = layout.rowY[b.adhocRow] + yo;
    sink.line(view.left, ay, view.right, ay, themeColors.gridLine, 1);
    sink.text(view.right - 6, b.y + yo + 12, 'upper lane: runs with a logical date', themeColors.muted, 9, 'end');
  }
}

/** The ad-hoc lane's name, drawn after the marks so none hides it (a newcomer's first question:
 * what is the lower lane?). */
export function drawLaneLabels(layout: TimelineLayout, sink: TimelineSink, view: Pick<DrawView, 'right' | 'top' | 'bottom' | 'yOffset' | 'theme'>): void {
  const themeColors = THEME_COLORS[view.theme];
  // At the right edge, under the upper lane's note: runs crowd the start of a scenario more often
  // than the padding after its clock end.
  const label = 'lower lane: no logical date';
  const w = label.length * 5.2 + 8;
  for (const b of layout.bands) {
    const ry = layout.rowY[b.adhocRow];
    if (ry > view.bottom || ry + layout.rowH[b.adhocRow] < view.top) continue;
    sink.rect(view.right - w - 2, ry + view.yOffset + 5, w, BADGE_H, themeColors.background, 0.8);
    sink.text(view.right - 6, ry + view.yOffset + 5 + BADGE_H - 3, label, themeColors.muted, 9, 'end', 'bold');
  }
}

function firstRowBelow(layout: TimelineLayout, y: number): number {
  for (let g = 0; g < layout.rowY.length; g++) if (layout.rowY[g] + layout.rowH[g] > y) return g;
  return layout.rowY.length;
}

/** The point arrows attach to: the run_after tick (or marker), mid-row. */
export function anchor(layout: TimelineLayout, s: TimeScale, i: number, yOffset: number): [number, number] {
  const g = layout.row[i];
  const y = layout.rowY[g] + yOffset + (layout.lane[i] === LANE_INTERVAL ? ROW_GEOMETRY.execY + 3 : ROW_GEOMETRY.markerCy);
  return [toPx(s, layout.runAfter[i]), y];
}

function outline(layout: TimelineLayout, sink: TimelineSink, s: TimeScale, i: number, yo: number, stroke: string, width: number): void {
  const g = layout.row[i];
  const x0 = toPx(s, layout.lo[i]);
  const x1 = toPx(s, layout.hi[i]);
  sink.strokeRect(Math.min(x0, x1) - 4, layout.rowY[g] + yo, Math.max(8, x1 - x0 + 8), layout.rowH[g], stroke, width);
}

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
