// The capacity charts under the timeline (issue 17): which series each chart shows, in what colour
// per theme, and their step paths on the timeline's time scale, so the charts zoom and scrub with
// it. Pure: the Svelte component draws what this returns; tests read it too.
import type { Stats } from '../core/index.js';
import type { Theme } from './colors.js';
import { toPx, type TimeScale } from './timeline_layout.js';

export interface ChartLine {
  key: string;
  label: string;
  /** One value per bucket; null: no data there (a gap). */
  values: ReadonlyArray<number | null>;
  color: string;
  /** A limit (slots available): dashed. */
  dashed?: boolean;
  /** Filled below (the chart's main quantity). */
  area?: boolean;
  /** Sparse (delays): a dot per bucket too, so a lone bucket shows. */
  points?: boolean;
}

export interface ChartSpec {
  id: 'slots' | 'queued_tis' | 'runs' | 'delay';
  title: string;
  unit: '' | 's';
  lines: ChartLine[];
  /** The y axis top: the largest value of any line (at least 1). */
  yMax: number;
}

// Tailwind 600 shades on light, 400 on dark: the same hues as the state colours (running cyan,
// queued stone), limits in slate, delays in violet and amber.
const PALETTE: Record<Theme, Record<string, string>> = {
  light: { running: '#0891b2', limit: '#475569', queued: '#a16207', runs_running: '#0891b2', runs_queued: '#78716c', p50: '#7c3aed', p90: '#d97706', max: '#dc2626', run: '#16a34a', pool1: '#2563eb', pool2: '#db2777', pool3: '#65a30d' },
  dark: { running: '#22d3ee', limit: '#94a3b8', queued: '#facc15', runs_running: '#22d3ee', runs_queued: '#a8a29e', p50: '#a78bfa', p90: '#fbbf24', max: '#f87171', run: '#4ade80', pool1: '#60a5fa', pool2: '#f472b6', pool3: '#a3e635' },
};

/** Pools drawn on the slots chart beside the total: the busiest few (by peak). */
export const MAX_POOL_LINES = 3;

const constant = (n: number, v: number | null) => Array.from({ length: n }, () => v);

export function capacityCharts(s: Stats, theme: Theme): ChartSpec[] {
  const c = PALETTE[theme];
  const n = s.times.length;
  const t = s.total;
  const slots: ChartLine[] = [{ key: 'running', label: 'running task instances', values: t.used.mean, color: c.running, area: true }];
  if (t.slots !== null) slots.push({ key: 'parallelism', label: 'parallelism', values: constant(n, t.slots), color: c.limit, dashed: true });
  const busy = [...s.pools].filter((p) => Math.max(0, ...p.used.max) > 0).sort((a, b) => Math.max(...b.used.max) - Math.max(...a.used.max) || (a.pool < b.pool ? -1 : 1)).slice(0, MAX_POOL_LINES);
  // One pool holding every running task instance says nothing the total does not: draw its limit only.
  const onlyPool = s.pools.length === 1 || (busy.length === 1 && busy[0].used.mean.every((v, i) => v === t.used.mean[i]));
  busy.forEach((p, i) => {
    const color = c[`pool${i + 1}`];
    if (!onlyPool) slots.push({ key: `pool:${p.pool}`, label: `${p.pool} slots used`, values: p.used.mean, color });
    if (p.slots !== null) slots.push({ key: `pool_slots:${p.pool}`, label: `${p.pool} slots`, values: constant(n, p.slots), color: onlyPool ? c.limit : color, dashed: true });
  });
  const charts: ChartSpec[] = [
    { id: 'slots', title: 'Slots in use vs available', unit: '', lines: slots, yMax: 0 },
    { id: 'queued_tis', title: 'Queued task instances (ready, waiting for a slot)', unit: '', lines: [{ key: 'queued_tis', label: 'queued task instances', values: t.queued_tis.mean, color: c.queued, area: true }], yMax: 0 },
    { id: 'runs', title: 'Dag runs: queued and running', unit: '', lines: [
      { key: 'running_runs', label: 'running runs', values: t.running_runs.mean, color: c.runs_running, area: true },
      { key: 'queued_runs', label: 'queued runs', values: t.queued_runs.mean, color: c.runs_queued },
    ], yMax: 0 },
    { id: 'delay', title: 'Scheduling delay (s), by the bucket the wait ended in', unit: 's', lines: [
      { points: true, key: 'task_p50', label: 'task p50', values: t.task_delay_series.p50, color: c.p50 },
      { points: true, key: 'task_p90', label: 'task p90', values: t.task_delay_series.p90, color: c.p90 },
      { points: true, key: 'task_max', label: 'task max', values: t.task_delay_series.max, color: c.max },
      { points: true, key: 'run_p90', label: 'run p90', values: t.run_delay_series.p90, color: c.run },
    ], yMax: 0 },
  ];
  // The scale follows the data; a limit far above it (a pool of 512 with 20 in use) would flatten
  // every line, so it is listed with its value but drawn only when within 1.5× of the peak.
  for (const ch of charts) {
    let m = 1;
    for (const l of ch.lines) if (!l.dashed) for (const v of l.values) if (v !== null && v > m) m = v;
    for (const l of ch.lines) if (l.dashed && l.values[0] !== null && l.values[0] <= 1.5 * m) m = Math.max(m, l.values[0]);
    ch.yMax = m;
  }
  return charts;
}

/** Bucket start instants in ms, and the clock's end after the last bucket. */
export function bucketEdges(s: Stats): number[] {
  const edges = s.times.map((x) => Date.parse(x));
  edges.push(Date.parse(s.clock.end));
  return edges;
}

/**
 * An SVG path of a step line (each bucket's value held across it), only over buckets that
 * intersect the visible window [left, right] px; null values break the line.
 */
export function stepPath(values: ReadonlyArray<number | null>, edges: readonly number[], scale: TimeScale, y: (v: number) => number, left: number, right: number): string {
  let d = '';
  let open = false;
  for (let i = 0; i < values.length; i++) {
    const x0 = toPx(scale, edges[i]), x1 = toPx(scale, edges[i + 1]);
    const v = values[i];
    if (x1 < left || x0 > right || v === null) { open = false; continue; }
    const yy = y(v).toFixed(1);
    const a = Math.max(left - 1, x0).toFixed(1), b = Math.min(right + 1, x1).toFixed(1);
    d += open ? `V${yy}H${b}` : `M${a},${yy}H${b}`;
    open = true;
  }
  return d;
}

/** The bucket holding an instant, or -1 outside the stats' clock. */
export function bucketAt(edges: readonly number[], t: number): number {
  if (!(t >= edges[0]) || t > edges[edges.length - 1]) return -1;
  let lo = 0, hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= t) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** "1,234" / "12.5" / "—": a chart value for the readout. */
export function fmtValue(v: number | null | undefined, unit: '' | 's'): string {
  if (v === null || v === undefined) return '—';
  const r = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${r.toLocaleString('en-US')}${unit}`;
}

/** The area under a step line down to `base` (px), one closed shape per unbroken stretch. */
export function stepArea(values: ReadonlyArray<number | null>, edges: readonly number[], scale: TimeScale, y: (v: number) => number, base: number, left: number, right: number): string {
  let d = '';
  let start: string | null = null;
  let lastX = '';
  const close = () => { if (start !== null) d += `V${base}H${start}Z`; start = null; };
  for (let i = 0; i < values.length; i++) {
    const x0 = toPx(scale, edges[i]), x1 = toPx(scale, edges[i + 1]);
    const v = values[i];
    if (x1 < left || x0 > right || v === null) { close(); continue; }
    const yy = y(v).toFixed(1);
    const a = Math.max(left - 1, x0).toFixed(1);
    lastX = Math.min(right + 1, x1).toFixed(1);
    if (start === null) { start = a; d += `M${a},${base}V${yy}H${lastX}`; } else d += `V${yy}H${lastX}`;
  }
  close();
  return d;
}

/** Centres (px) and values of the non-null buckets in view, for the dots of a sparse line. */
export function bucketPoints(values: ReadonlyArray<number | null>, edges: readonly number[], scale: TimeScale, left: number, right: number): Array<{ x: number; v: number }> {
  const out: Array<{ x: number; v: number }> = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    const x = toPx(scale, (edges[i] + edges[i + 1]) / 2);
    if (x >= left && x <= right) out.push({ x, v });
  }
  return out;
}
