// The timeline as a self-contained SVG document: bands, axis, legend, styled inline, one font
// ('DejaVu Sans', which the PNG export bundles). Byte-stable: the same output and options give the
// same string (numbers are rounded, nothing reads the clock or the locale). The CLI's `export --svg`
// and the desktop Export menu call `timelineSvg`; the app's "Save SVG" uses the same code with its
// current view (zoom, clock, selection).
import type { RunOutput } from '../core/index.js';
import { scaleUtc } from 'd3-scale';
import { utcFormat } from 'd3-time-format';
import {
  MARKER_KINDS, MARKER_LABELS, MARKER_SHAPES, STATE_COLORS, THEME_COLORS, type Theme,
} from './colors.js';
import {
  LAYOUT_DEFAULTS, drawBandChrome, drawLaneLabels, drawTimeline, fitScale, layoutTimeline, paddedDomain, toPx,
  type LayoutOptions, type Shape, type TimelineLayout, type TimelineSink, type TimeScale,
} from './timeline_layout.js';
import { countOf } from './format.js';

export interface TimelineSvgOptions {
  /** Total width in px; default 1200. */
  width?: number;
  theme?: Theme;
  /** DAG order (the scenario's); default the order DAGs first appear in dag_runs. */
  dagIds?: readonly string[];
  /** Only what exists at this instant (epoch ms), in its state then; default the end. */
  clock?: number;
  /** Visible time range (epoch ms); default the whole simulation. */
  domain?: readonly [number, number];
  selected?: { dag_id: string; run_id: string } | null;
  /** Runs to outline (compare mode). */
  highlight?: ReadonlyArray<{ dag_id: string; run_id: string }>;
  arrows?: ReadonlyArray<readonly [{ dag_id: string; run_id: string }, { dag_id: string; run_id: string }]>;
  /** Draw a title line (scenario name and profile); default true. */
  title?: boolean;
}

export const SVG_FONT = "'DejaVu Sans', sans-serif";

const MARGIN = 12;
const TITLE_H = 26;
const AXIS_H = 28;

/** Format a number for SVG attributes: at most 2 decimals, no "-0". */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Points of a marker shape, shared by the SVG and canvas sinks. */
export function markerPath(shape: Shape, cx: number, cy: number, r: number): Array<[number, number]> {
  switch (shape) {
    case 'diamond': return [[cx, cy - r * 1.2], [cx + r * 1.2, cy], [cx, cy + r * 1.2], [cx - r * 1.2, cy]];
    case 'square': return [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r]];
    case 'triangle': return [[cx, cy - r * 1.2], [cx + r * 1.15, cy + r * 0.85], [cx - r * 1.15, cy + r * 0.85]];
    default: return [];
  }
}

/** A curved arrow from (x1, y1) to (x2, y2): control point and arrowhead triangle. */
export function arrowGeometry(x1: number, y1: number, x2: number, y2: number): { cx: number; cy: number; head: Array<[number, number]> } {
  const cx = (x1 + x2) / 2;
  const cy = Math.min(y1, y2) - 18 - Math.min(60, Math.abs(x2 - x1) * 0.15);
  const dx = x2 - cx;
  const dy = y2 - cy;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = 7;
  const bx = x2 - ux * size;
  const by = y2 - uy * size;
  return { cx, cy, head: [[x2, y2], [bx - uy * size * 0.5, by + ux * size * 0.5], [bx + uy * size * 0.5, by - ux * size * 0.5]] };
}

/** Collects SVG elements as strings. */
export class SvgSink implements TimelineSink {
  readonly parts: string[] = [];
  rect(x: number, y: number, w: number, h: number, fill: string, opacity?: number): void {
    const op = opacity === undefined || opacity >= 1 ? '' : ` fill-opacity="${num(opacity)}"`;
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${fill}"${op}/>`);
  }
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number): void {
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${stroke}" stroke-width="${num(width)}" rx="3"/>`);
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): void {
    this.parts.push(`<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${num(width)}"/>`);
  }
  marker(shape: Shape, cx: number, cy: number, r: number, fill: string, stroke: string): void {
    if (shape === 'circle') {
      this.parts.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${fill}" stroke="${stroke}" stroke-width="1"/>`);
    } else if (shape === 'tick') {
      this.line(cx, cy - r * 1.6, cx, cy + r * 1.6, stroke, 1.5);
    } else {
      const pts = markerPath(shape, cx, cy, r).map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
      this.parts.push(`<polygon points="${pts}" fill="${fill}" stroke="${stroke}" stroke-width="1"/>`);
    }
  }
  text(x: number, y: number, text: string, fill: string, size: number, anchor: 'start' | 'middle' | 'end', weight: 'normal' | 'bold' = 'normal'): void {
    const w = weight === 'bold' ? ' font-weight="bold"' : '';
    const a = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
    this.parts.push(`<text x="${num(x)}" y="${num(y)}" font-size="${num(size)}" fill="${fill}"${a}${w}>${escapeXml(text)}</text>`);
  }
  arrow(x1: number, y1: number, x2: number, y2: number, stroke: string): void {
    const { cx, cy, head } = arrowGeometry(x1, y1, x2, y2);
    this.parts.push(`<path d="M${num(x1)},${num(y1)} Q${num(cx)},${num(cy)} ${num(x2)},${num(y2)}" fill="none" stroke="${stroke}" stroke-width="1.5"/>`);
    this.parts.push(`<polygon points="${head.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" fill="${stroke}"/>`);
  }
}

/** Axis ticks for a time range: d3's UTC ticks, labelled compactly and without the locale. */
export function axisTicks(domain: readonly [number, number], width: number): Array<{ t: number; label: string }> {
  const scale = scaleUtc().domain([new Date(domain[0]), new Date(domain[1])]);
  const ticks = scale.ticks(Math.max(2, Math.floor(width / 110)));
  const allMidnight = ticks.every((d) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0);
  const allYearStart = allMidnight && ticks.every((d) => d.getUTCDate() === 1 && d.getUTCMonth() === 0);
  const day = utcFormat('%Y-%m-%d');
  const year = utcFormat('%Y');
  const hm = utcFormat('%H:%M');
  const hms = utcFormat('%H:%M:%S');
  const subMinute = ticks.some((d) => d.getUTCSeconds() !== 0 || d.getUTCMilliseconds() !== 0);
  let lastDay = '';
  return ticks.map((d) => {
    const t = d.getTime();
    if (allYearStart) return { t, label: year(d) };
    if (allMidnight) return { t, label: day(d) };
    const dd = day(d);
    const time = subMinute ? hms(d) : hm(d);
    const label = dd !== lastDay ? `${dd} ${time}` : time;
    lastDay = dd;
    return { t, label };
  });
}

/** The legend's entries, laid out in rows that fit `width`; returns the height used. */
function drawLegend(sink: SvgSink, theme: Theme, x0: number, y0: number, width: number, overflow: boolean): number {
  const colors = STATE_COLORS[theme];
  const tc = THEME_COLORS[theme];
  type Item = { w: number; draw: (x: number, y: number) => void };
  const items: Item[] = [];
  const label = (x: number, y: number, t: string) => sink.text(x, y + 4, t, tc.text, 11, 'start');
  const textW = (t: string) => t.length * 6.4;
  for (const st of ['queued', 'running', 'success', 'failed'] as const) {
    items.push({ w: 16 + textW(st) + 14, draw: (x, y) => { sink.rect(x, y - 5, 12, 10, colors[st]); label(x + 16, y, st); } });
  }
  items.push({ w: 40 + textW('data interval') + 14, draw: (x, y) => { sink.rect(x, y - 4, 34, 8, colors.success, 0.45); sink.rect(x, y - 4, 1, 8, colors.success); label(x + 40, y, 'data interval'); } });
  items.push({ w: 40 + textW('execution (start_date → end_date)') + 14, draw: (x, y) => { sink.rect(x, y - 3, 34, 6, colors.success); label(x + 40, y, 'execution (start_date → end_date)'); } });
  items.push({ w: 16 + textW('zero-length interval (CronTrigger)') + 14, draw: (x, y) => {
    sink.rect(x + 4, y - 4, 2, 8, colors.success); sink.rect(x + 2, y - 4, 6, 1.5, colors.success); sink.rect(x + 2, y + 2.5, 6, 1.5, colors.success);
    label(x + 16, y, 'zero-length interval (CronTrigger)');
  } });
  for (const kind of MARKER_KINDS) {
    const text = kind === 'scheduled' ? 'run_after (scheduled)' : `run_after: ${MARKER_LABELS[kind]}`;
    items.push({ w: 16 + textW(text) + 14, draw: (x, y) => {
      if (MARKER_SHAPES[kind] === 'tick') sink.line(x + 5, y - 7, x + 5, y + 7, tc.tick, 1.5);
      else sink.marker(MARKER_SHAPES[kind], x + 5, y, 4.5, colors.success, tc.tick);
      label(x + 16, y, text);
    } });
  }
  if (overflow) {
    // Only when some lane has more overlapping runs than sub-rows (the badge drawTimeline draws).
    const text = `overlapping runs beyond ${LAYOUT_DEFAULTS.maxRows} sub-rows`;
    items.push({ w: 28 + textW(text) + 14, draw: (x, y) => {
      sink.rect(x, y - 6, 22, 12, tc.text, 0.85);
      sink.text(x + 11, y + 3, '+N', tc.background, 9, 'middle', 'bold');
      label(x + 28, y, text);
    } });
  }
  let x = x0;
  let y = y0 + 10;
  for (const it of items) {
    if (x + it.w > x0 + width && x > x0) { x = x0; y += 20; }
    it.draw(x, y);
    x += it.w;
  }
  return y - y0 + 14;
}

/** A self-contained SVG of the timeline of `output`. */
export function timelineSvg(output: RunOutput, opts: TimelineSvgOptions = {}): string {
  const width = Math.max(320, Math.round(opts.width ?? 1200));
  const theme = opts.theme ?? 'light';
  const tc = THEME_COLORS[theme];
  const layoutOpts: LayoutOptions = opts.dagIds ? { dagIds: opts.dagIds } : {};
  const layout = layoutTimeline(output, layoutOpts);
  const domain = opts.domain ?? paddedDomain(layout);
  const left = MARGIN;
  const right = width - MARGIN;
  const scale = fitScale(domain, left, right);
  const titleH = opts.title === false ? 0 : TITLE_H;
  const plotTop = titleH + AXIS_H;
  const clock = opts.clock ?? Infinity;

  const bands = new SvgSink();
  drawBandChrome(layout, bands, { left, right, top: 0, bottom: layout.height, yOffset: plotTop, theme });
  const body = new SvgSink();
  const idx = (r: { dag_id: string; run_id: string } | null | undefined) => (r ? layout.indexOf.get(`${r.dag_id}\u0001${r.run_id}`) ?? -1 : -1);
  drawTimeline(layout, body, {
    scale, left, right, top: 0, bottom: layout.height, yOffset: plotTop, theme, clock,
    selected: idx(opts.selected),
    highlight: opts.highlight ? new Set(opts.highlight.map(idx).filter((i) => i >= 0)) : undefined,
    arrows: opts.arrows?.map(([a, b]) => [idx(a), idx(b)] as const).filter(([a, b]) => a >= 0 && b >= 0),
  });
  drawLaneLabels(layout, body, { right, top: 0, bottom: layout.height, yOffset: plotTop, theme });

  const chrome = new SvgSink();
  if (titleH) {
    chrome.text(left, 17, `${output.scenario} — Airflow ${output.airflow} — ${countOf(output.dag_runs.length, 'dag run')}`, tc.text, 13, 'start', 'bold');
  }
  // Axis.
  const axisY = titleH + AXIS_H - 6;
  chrome.line(left, axisY, right, axisY, tc.axis, 1);
  for (const { t, label } of axisTicks(domain, right - left)) {
    const x = toPx(scale, t);
    if (x < left - 0.5 || x > right + 0.5) continue;
    chrome.line(x, axisY - 4, x, axisY, tc.axis, 1);
    // Keep labels inside the picture: edge labels hang inwards.
    const half = label.length * 3.1;
    if (x - half < 0) chrome.text(Math.max(x, 2), axisY - 7, label, tc.muted, 10, 'start');
    else if (x + half > width) chrome.text(Math.min(x, width - 2), axisY - 7, label, tc.muted, 10, 'end');
    else chrome.text(x, axisY - 7, label, tc.muted, 10, 'middle');
  }
  chrome.text(right, titleH + 8, 'UTC', tc.muted, 9, 'end');
  const grid = new SvgSink();
  for (const { t } of axisTicks(domain, right - left)) {
    const x = toPx(scale, t);
    if (x >= left && x <= right) grid.line(x, plotTop, x, plotTop + layout.height, tc.gridLine, 1);
  }
  // Clock bounds.
  const clockMarks = new SvgSink();
  for (const [t, name] of [[layout.clockStart, 'clock.start'], [layout.clockEnd, 'clock.end']] as const) {
    if (!Number.isFinite(t)) continue;
    const x = toPx(scale, t);
    if (x < left || x > right) continue;
    clockMarks.parts.push(`<line x1="${num(x)}" y1="${num(plotTop)}" x2="${num(x)}" y2="${num(plotTop + layout.height)}" stroke="${tc.nowCursor}" stroke-width="1" stroke-dasharray="4 3"/>`);
    if (x + 60 > right) clockMarks.text(x - 3, plotTop + layout.height + 11, name, tc.nowCursor, 9, 'end');
    else clockMarks.text(x + 3, plotTop + layout.height + 11, name, tc.nowCursor, 9, 'start');
  }
  if (Number.isFinite(clock)) {
    const x = toPx(scale, clock);
    clockMarks.line(x, plotTop, x, plotTop + layout.height, tc.nowCursor, 2);
  }

  const legendTop = plotTop + layout.height + 20;
  const legend = new SvgSink();
  const legendH = drawLegend(legend, theme, left, legendTop, right - left, layout.bands.some((b) => b.intervalOverflow + b.adhocOverflow > 0));
  const height = Math.ceil(legendTop + legendH + MARGIN);
  const empty = layout.bands.length === 0 ? [`<text x="${num(left)}" y="${num(plotTop + 16)}" font-size="12" fill="${tc.muted}">No DAG runs.</text>`] : [];

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SVG_FONT}">`,
    `<title>${escapeXml(`Windtunnel timeline: ${output.scenario}`)}</title>`,
    `<defs><clipPath id="plot"><rect x="${left}" y="${num(plotTop)}" width="${right - left}" height="${num(layout.height + 4)}"/></clipPath></defs>`,
    `<rect width="${width}" height="${height}" fill="${tc.background}"/>`,
    ...chrome.parts,
    ...bands.parts,
    `<g clip-path="url(#plot)">`,
    ...grid.parts,
    ...body.parts,
    ...clockMarks.parts.filter((p) => p.startsWith('<line')),
    `</g>`,
    ...clockMarks.parts.filter((p) => !p.startsWith('<line')),
    ...empty,
    ...legend.parts,
    `</svg>`,
    '',
  ].join('\n');
}

/** Convenience for tests and benchmarks. */
export function layoutFor(output: RunOutput, dagIds?: readonly string[]): TimelineLayout {
  return layoutTimeline(output, dagIds ? { dagIds } : {});
}

export type { TimeScale };
