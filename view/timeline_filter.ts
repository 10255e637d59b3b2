// Filtering the timeline's DAG bands (by DAG id, and by the runs' final state) without laying it
// out again: the kept bands' rows are re-stacked and re-indexed, run indices stay those of the
// output (the runs table, grid and inspector keep pointing at the same runs), and hidden runs get
// row -1. Cost is linear in the kept rows' runs, so typing in the filter of a 1,000-DAG day is
// instant where a new layout of every run is not.
import { STATE_NAMES } from './colors.js';
import type { Band, CatchUp, TimelineLayout } from './timeline_layout.js';

/** Run states the filter offers (a dag run's states). */
export const FILTER_STATES = ['queued', 'running', 'success', 'failed'] as const;
export type FilterState = (typeof FILTER_STATES)[number];

export interface TimelineFilter {
  /** Substrings of dag_id, separated by spaces or commas (any matches); empty: every DAG. */
  dag: string;
  /** Final run states to keep; empty: every state. */
  states: readonly FilterState[];
}

export const NO_FILTER: TimelineFilter = { dag: '', states: [] };

export const isFiltering = (f: TimelineFilter): boolean => f.dag.trim() !== '' || f.states.length > 0;

export function filterLayout(layout: TimelineLayout, f: TimelineFilter): TimelineLayout {
  if (!isFiltering(f)) return layout;
  const terms = f.dag.toLowerCase().split(/[\s,]+/).filter(Boolean);
  const keepDag = (id: string) => terms.length === 0 || terms.some((t) => id.toLowerCase().includes(t));
  const keepState = new Uint8Array(STATE_NAMES.length);
  if (f.states.length) for (const s of f.states) keepState[STATE_NAMES.indexOf(s)] = 1;
  else keepState.fill(1);
  const keepRun = (i: number) => keepState[layout.finalState[i]] === 1;
  const pick = (runs: Int32Array) => (f.states.length ? runs.filter(keepRun) : runs);

  const rowY: number[] = [], rowH: number[] = [], rowLane: number[] = [], rowBand: number[] = [];
  const rowOrder: Int32Array[] = [], rowOverflow: Int32Array[] = [], rowMaxSpan: number[] = [], rowOverflowSpan: number[] = [];
  const newRow = new Int32Array(layout.rowY.length).fill(-1);
  const row = new Int32Array(layout.n).fill(-1);
  const band = new Int32Array(layout.n).fill(-1);
  const bands: Band[] = [];
  const gap = bandGap(layout);
  let y = 0;
  for (const b of layout.bands) {
    if (!keepDag(b.dag_id)) continue;
    const last = b.adhocRow + b.adhocRows;
    const orders: Int32Array[] = [], overflows: Int32Array[] = [];
    let any = false;
    for (let g = b.firstRow; g < last; g++) {
      orders.push(pick(layout.rowOrder[g]));
      overflows.push(pick(layout.rowOverflow[g]));
      if (orders[orders.length - 1].length) any = true;
    }
    if (f.states.length && !any) continue;
    const shift = y - b.y;
    const index = bands.length;
    const first = rowY.length;
    for (let g = b.firstRow; g < last; g++) {
      const ng = rowY.length;
      newRow[g] = ng;
      rowY.push(layout.rowY[g] + shift); rowH.push(layout.rowH[g]); rowLane.push(layout.rowLane[g]); rowBand.push(index);
      const order = orders[g - b.firstRow];
      rowOrder.push(order); rowOverflow.push(overflows[g - b.firstRow]);
      rowMaxSpan.push(layout.rowMaxSpan[g]); rowOverflowSpan.push(layout.rowOverflowSpan[g]);
      for (const i of order) { row[i] = ng; band[i] = index; }
    }
    bands.push({ ...b, index, y, firstRow: first, adhocRow: first + (b.adhocRow - b.firstRow) });
    y += b.height + gap;
  }
  const catchUps: CatchUp[] = [];
  for (const c of layout.catchUps) {
    const g = newRow[c.row];
    if (g >= 0 && c.runs.every((i) => row[i] === g)) catchUps.push({ ...c, row: g });
  }
  return {
    ...layout,
    bands, height: bands.length ? y - gap : 0,
    rowY: Float64Array.from(rowY), rowH: Float64Array.from(rowH), rowLane: Uint8Array.from(rowLane), rowBand: Int32Array.from(rowBand),
    rowOrder, rowMaxSpan: Float64Array.from(rowMaxSpan), rowOverflow, rowOverflowSpan: Float64Array.from(rowOverflowSpan),
    band, row, catchUps,
  };
}

/** The gap between bands in this layout (the space between the first two; 10 px by default). */
function bandGap(layout: TimelineLayout): number {
  const [a, b] = layout.bands;
  return a && b ? b.y - (a.y + a.height) : 10;
}

/** Bands kept out of all, for the filter's count ("12 of 1,000 DAGs"). */
export function shownBands(full: TimelineLayout, shown: TimelineLayout): { shown: number; of: number } {
  return { shown: shown.bands.length, of: full.bands.length };
}
