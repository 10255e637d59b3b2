import { describe, expect, it } from 'vitest';
import { axisTicks, num, timelineSvg } from '../../view/timeline_svg.js';
import { syntheticOutput } from '../../view/synthetic.js';
import { output, run } from './helpers.js';

const small = output([
  run({ run_id: 'scheduled__2025-01-01T00:00:00+00:00', logical_date: '2025-01-01T00:00:00Z', data_interval_start: '2025-01-01T00:00:00Z', data_interval_end: '2025-01-02T00:00:00Z', run_after: '2025-01-02T00:00:00Z', start_date: '2025-01-02T00:00:01Z', end_date: '2025-01-02T00:30:00Z' }),
  run({ dag_id: 'cron', run_id: 'scheduled__2025-01-03T03:00:00+00:00', logical_date: '2025-01-03T03:00:00Z', data_interval_start: '2025-01-03T03:00:00Z', data_interval_end: '2025-01-03T03:00:00Z', run_after: '2025-01-03T03:00:00Z', state: 'failed' }),
  run({ run_id: 'manual__<x>&"y"', run_type: 'manual', triggered_by: 'cli', run_after: '2025-01-04T09:00:00Z', state: 'running', start_date: '2025-01-04T09:00:00Z' }),
]);

describe('timelineSvg', () => {
  it('is byte-stable for the same input', () => {
    expect(timelineSvg(small)).toBe(timelineSvg(structuredClone(small)));
    const big = syntheticOutput(5000);
    expect(timelineSvg(big, { width: 900, theme: 'dark' })).toBe(timelineSvg(syntheticOutput(5000), { width: 900, theme: 'dark' }));
  });
  it('is a self-contained SVG document with DejaVu Sans, an axis, a legend and every DAG', () => {
    const svg = timelineSvg(small, { width: 1000 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1000"')).toBe(true);
    expect(svg).toContain(`font-family="'DejaVu Sans', sans-serif"`);
    expect(svg).not.toMatch(/<(script|image|foreignObject)|href=|url\((?!#)/);
    for (const text of ['2025-01-02', 'zero-length interval (CronTrigger)', 'run_after: manual', 'data interval', '>d<', '>cron<', 'UTC', 'clock.start']) expect(svg).toContain(text);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
  it('escapes text', () => {
    const svg = timelineSvg(output([run({ dag_id: 'a<b>&c', run_after: '2025-01-02T00:00:00Z' })]));
    expect(svg).toContain('a&lt;b&gt;&amp;c');
    expect(svg).not.toContain('a<b>');
  });
  const widths: Array<[number, number]> = [[200, 320], [1200, 1200], [1999.6, 2000]];
  for (const [asked, got] of widths) {
    it(`width ${asked} → ${got}`, () => expect(timelineSvg(small, { width: asked })).toContain(`width="${got}"`));
  }
  it('stays small for 100k runs (marks merge per pixel)', () => {
    const svg = timelineSvg(syntheticOutput(100_000), { width: 1200 });
    expect(svg.length).toBeLessThan(3_000_000);
  });
  it('stacks runs at one instant like the canvas: a marker per sub-row, then a "+N" badge', () => {
    const at9 = (k: number) => run({ run_id: `lr_${k}`, run_type: 'manual', triggered_by: 'cli', run_after: '2025-01-04T09:00:00Z', start_date: '2025-01-04T09:00:00Z', end_date: '2025-01-04T09:30:00Z' });
    const circles = (svg: string) => svg.split('<circle').length - 1;
    const five = timelineSvg(output([0, 1, 2, 3, 4].map(at9)));
    // Five markers at five heights (the legend has one more circle).
    const ys = new Set([...five.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => m[1]));
    expect(circles(five)).toBe(6);
    expect(ys.size).toBe(6);
    expect(five).not.toContain('sub-rows');
    const twelve = timelineSvg(output(Array.from({ length: 12 }, (_, k) => at9(k))));
    expect(circles(twelve)).toBe(9);
    expect(twelve).toContain('>+4</text>');
    expect(twelve).toContain('overlapping runs beyond 8 sub-rows');
  });
  it('honours clock, selection and highlight', () => {
    const svg = timelineSvg(small, { clock: Date.parse('2025-01-03T00:00:00Z'), selected: { dag_id: 'd', run_id: 'scheduled__2025-01-01T00:00:00+00:00' } });
    const reds = (x: string) => x.split('#dc2626').length;
    // The failed run does not exist yet at the clock: only the legend's swatch is red.
    expect(reds(svg)).toBeLessThan(reds(timelineSvg(small)));
    expect(svg).toContain('stroke="#2563eb"'); // selection outline
  });
});

describe('svg helpers', () => {
  const nums: Array<[number, string]> = [[0, '0'], [-0.001, '0'], [1.005, '1'], [1.006, '1.01'], [-2.5, '-2.5'], [1234.5678, '1234.57']];
  for (const [v, s] of nums) it(`num(${v}) = ${s}`, () => expect(num(v)).toBe(s));
  it('axis ticks: days are labelled by date', () => {
    const t = axisTicks([Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-05T00:00:00Z')], 500);
    expect(t.map((x) => x.label)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
  });
  it('axis ticks: hours carry the date on the first tick and at midnight', () => {
    const t = axisTicks([Date.parse('2025-01-01T22:00:00Z'), Date.parse('2025-01-02T02:00:00Z')], 500);
    expect(t.map((x) => x.label)).toEqual(['2025-01-01 22:00', '23:00', '2025-01-02 00:00', '01:00', '02:00']);
  });
});
