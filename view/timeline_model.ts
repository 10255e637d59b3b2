// The timeline's layout: pure functions from RunOutput to columnar geometry (typed arrays, so
// 100k runs stay cheap): bands per DAG, lanes, packed sub-rows, state changes over time.
import type { DagRunOut, LogEntryOut, RunOutput } from '../core/index.js';
import { MARKER_KINDS, STATE_NAMES, markerKind, stateIndex } from './colors.js';
import { parseTime } from './parse_time.js';

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
export const ZERO_CAP = 3;
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
const STATE_RUNNING = STATE_NAMES.indexOf('running');
