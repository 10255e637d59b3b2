#!/usr/bin/env node
// The timeline redraw's own CPU cost at deployment scale, measured in Node with process.cpuUsage()
// (so a machine shared with other work does not count its waiting): the renderer's DOM-free draw
// code (view/) over a synthetic output, laid out once, then drawn at the full view and at random
// zoom/pan windows into a sink that only counts (the canvas's own painting is not in it; the
// Chromium benchmark in bench-timeline.mjs has it). Prints one line per case and returns rows.
//
//   node scripts/bench-timeline-cpu.mjs [--cases 1000000x1000] [--frames 30] [--reps 3]
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);
const BUDGET = 16.7;

async function loadView() {
  const entry = `export { layoutTimeline, drawTimeline, drawBandChrome, drawLaneLabels, fitScale, paddedDomain } from './view/timeline_layout.ts';
export { syntheticOutput } from './view/synthetic.ts';`;
  const r = await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning' });
  const dir = mkdtempSync(join(tmpdir(), 'wt-bench-view-'));
  const file = join(dir, 'view.mjs');
  writeFileSync(file, r.outputFiles[0].text);
  try { return await import(pathToFileURL(file).href); } finally { rmSync(dir, { recursive: true, force: true }); }
}

const cpuMs = (f) => { const a = process.cpuUsage(); f(); const d = process.cpuUsage(a); return (d.user + d.system) / 1000; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchRedrawCpu(cases, { frames = 30, reps = 3, log = console.log } = {}) {
  const v = await loadView();
  const sink = { rect() {}, strokeRect() {}, text() {}, line() {}, path() {}, circle() {}, marker() {}, flush() {} };
  const count = new Proxy(sink, { get: (o, k) => (k in o ? o[k] : undefined) });
  const rows = [];
  for (const [runs, dags] of cases) {
    let output;
    const makeMs = cpuMs(() => { output = v.syntheticOutput(runs, { dags }); });
    let layout;
    const layoutMs = cpuMs(() => { layout = v.layoutTimeline(output); });
    output = null;
    const [a, b] = v.paddedDomain(layout);
    const view = { left: 0, right: 1600, top: -6, bottom: 1000, yOffset: 6, theme: 'light' };
    const draw = (d) => cpuMs(() => {
      const scale = v.fitScale(d, 0, 1600);
      v.drawBandChrome(layout, count, view);
      v.drawTimeline(layout, count, { ...view, scale, clock: Infinity, selected: -1, arrows: [] });
      v.drawLaneLabels(layout, count, view);
    });
    for (let i = 0; i < 5; i++) draw([a, b]);
    let seed = 7;
    const rand = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
    const times = [];
    for (let i = 0; i < frames; i++) {
      const k = i === 0 ? 1 : 10 ** (rand() * 3);
      const w = (b - a) / k;
      const s = a + rand() * ((b - a) - w);
      times.push(median(Array.from({ length: reps }, () => draw([s, s + w]))));
    }
    const full = median(Array.from({ length: 10 }, () => draw([a, b])));
    const sorted = [...times].sort((x, y) => x - y);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    const row = {
      runs, dags, frames, cpu_median_ms: +q(0.5).toFixed(2), cpu_p95_ms: +q(0.95).toFixed(2), cpu_max_ms: +sorted[sorted.length - 1].toFixed(2),
      cpu_full_view_ms: +full.toFixed(2), budget_ms: BUDGET, within_budget: q(0.95) <= BUDGET && full <= BUDGET,
      synthetic_cpu_ms: Math.round(makeMs), layout_cpu_ms: Math.round(layoutMs), rows: layout.rowY.length,
    };
    rows.push(row);
    log(`${String(runs).padStart(7)} runs, ${String(dags).padStart(4)} DAGs (Node, CPU time): redraw median ${row.cpu_median_ms} ms, p95 ${row.cpu_p95_ms} ms, full view ${row.cpu_full_view_ms} ms — ${row.within_budget ? 'within' : 'OVER'} the ${BUDGET} ms frame; layout ${row.layout_cpu_ms} ms CPU once`);
    layout = null;
  }
  return rows;
}

export const parseCases = (text) => text.split(',').map((c) => { const [r, d] = c.split('x').map(Number); return [r, d || 4]; });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
  await benchRedrawCpu(parseCases(opt('cases', '1000000x1000')), { frames: Number(opt('frames', '30')), reps: Number(opt('reps', '3')) });
}
