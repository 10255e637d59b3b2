// Drawing the timeline through a sink: one routine walks only what is in view and merges marks
// narrower than a pixel, so the canvas (renderer) and the SVG export always agree.
import { MARKER_KINDS, MARKER_SHAPES, STATE_COLORS, STATE_NAMES, STATE_PRIORITY, THEME_COLORS, type Theme } from './colors.js';
import { gallopFrom, lowerBoundFrom, rangeMax, rowTable } from './row_tables.js';
import { type TimeScale, rowWindow, toPx, toTime } from './time_scale.js';
import { LANE_INTERVAL, ROW_GEOMETRY, type TimelineLayout, ZERO_CAP, runStateAt } from './timeline_model.js';

/** priority → state index (STATE_PRIORITY is a permutation). */
const PRIORITY_STATE: number[] = (() => { const inv: number[] = []; STATE_PRIORITY.forEach((p, i) => { inv[p] = i; }); return inv; })();

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
export const BADGE_H = 12;

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
