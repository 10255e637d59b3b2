import { describe, expect, it } from 'vitest';
import {
  LANE_ADHOC, LANE_INTERVAL, drawTimeline, fitScale, hitTest, layoutTimeline, paddedDomain, refArrows, rowAt,
  parseTime, rowWindow, runStateAt, toPx, toTime, zoomScale, type Shape, type TimelineSink,
} from '../../renderer/presentation/timeline_layout.js';
import { STATE_COLORS, STATE_NAMES } from '../../renderer/presentation/colors.js';
import { syntheticOutput } from '../../renderer/presentation/synthetic.js';
import { output, run, T } from './helpers.js';

const daily = (day: number, extra: Parameters<typeof run>[0] extends infer P ? Partial<P> : never = {}) => {
  const s = `2025-01-0${day}T00:00:00Z`;
  const e = `2025-01-0${day + 1}T00:00:00Z`;
  return run({ run_id: `scheduled__${s}`, logical_date: s, data_interval_start: s, data_interval_end: e, run_after: e, ...extra });
};

class CountingSink implements TimelineSink {
  rects: Array<[number, number, number, number, string]> = [];
  lines = 0; markers: Shape[] = []; texts: string[] = []; arrows = 0; outlines: string[] = [];
  rect(x: number, y: number, w: number, h: number, fill: string) { this.rects.push([x, y, w, h, fill]); }
  strokeRect(_x: number, _y: number, _w: number, _h: number, stroke: string) { this.outlines.push(stroke); }
  line() { this.lines++; }
  marker(shape: Shape) { this.markers.push(shape); }
  text(_x: number, _y: number, t: string) { this.texts.push(t); }
  arrow() { this.arrows++; }
}

describe('lanes', () => {
  const cases: Array<{ name: string; run: ReturnType<typeof run>; lane: number; zero: 0 | 1; start: number; end: number }> = [
    { name: 'data interval run', run: daily(1), lane: LANE_INTERVAL, zero: 0, start: T('2025-01-01T00:00:00Z'), end: T('2025-01-02T00:00:00Z') },
    { name: 'CronTrigger zero-length', run: run({ logical_date: '2025-01-02T03:00:00Z', data_interval_start: '2025-01-02T03:00:00Z', data_interval_end: '2025-01-02T03:00:00Z', run_after: '2025-01-02T03:00:00Z' }), lane: LANE_INTERVAL, zero: 1, start: T('2025-01-02T03:00:00Z'), end: T('2025-01-02T03:00:00Z') },
    { name: 'logical date without interval', run: run({ logical_date: '2025-01-03T00:00:00Z', run_after: '2025-01-03T00:00:00Z', run_type: 'manual', triggered_by: 'ui' }), lane: LANE_INTERVAL, zero: 1, start: T('2025-01-03T00:00:00Z'), end: T('2025-01-03T00:00:00Z') },
    { name: 'null logical date → ad-hoc lane', run: run({ run_type: 'manual', triggered_by: 'cli', run_after: '2025-01-04T09:00:00Z' }), lane: LANE_ADHOC, zero: 0, start: NaN, end: NaN },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const l = layoutTimeline(output([c.run]));
      expect(l.lane[0]).toBe(c.lane);
      expect(l.zeroLength[0]).toBe(c.zero);
      expect(l.start[0]).toEqual(c.start);
      expect(l.end[0]).toEqual(c.end);
      expect(l.row[0]).toBe(c.lane === LANE_ADHOC ? l.bands[0].adhocRow : l.bands[0].firstRow);
    });
  }
});

describe('row packing', () => {
  const cases: Array<{ name: string; runs: ReturnType<typeof run>[]; rows: number[]; bandRows: number }> = [
    { name: 'adjacent intervals share a row', runs: [daily(1), daily(2), daily(3)], rows: [0, 0, 0], bandRows: 1 },
    { name: 'same interval twice stacks', runs: [daily(1), daily(1, { run_id: 'backfill__x', run_type: 'backfill' })], rows: [0, 1], bandRows: 2 },
    { name: 'overlap stacks, then reuses row 0', runs: [daily(1), daily(1, { run_id: 'b' }), daily(2)], rows: [0, 1, 0], bandRows: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const l = layoutTimeline(output(c.runs));
      expect([...l.row].map((g) => g - l.bands[0].firstRow)).toEqual(c.rows);
      expect(l.bands[0].intervalRows).toBe(c.bandRows);
    });
  }
  it('caps rows at maxRows', () => {
    const runs = Array.from({ length: 5 }, (_, i) => daily(1, { run_id: `r${i}` }));
    const l = layoutTimeline(output(runs), { maxRows: 3 });
    expect(l.bands[0].intervalRows).toBe(3);
  });
});

describe('bands', () => {
  it('one band per DAG in the given order, geometry stacks', () => {
    const runs = [daily(1, { dag_id: 'b' }), daily(1, { dag_id: 'a' })];
    const l = layoutTimeline(output(runs), { dagIds: ['a', 'b', 'c'], bandTitle: 10, rowHeight: 20, adhocHeight: 15, bandGap: 5 });
    expect(l.bands.map((b) => b.dag_id)).toEqual(['a', 'b', 'c']);
    expect(l.bands.map((b) => [b.y, b.height])).toEqual([[0, 45], [50, 45], [100, 45]]);
    expect(l.height).toBe(145);
    expect(rowAt(l, 12)).toBe(0);
    expect(rowAt(l, 31)).toBe(1);
    expect(rowAt(l, 47)).toBe(-1);
  });
});

describe('scales', () => {
  const cases: Array<[string, [number, number], number, number, number, number]> = [
    ['identity-ish', [0, 1000], 0, 1000, 500, 500],
    ['offset range', [0, 1000], 100, 300, 500, 200],
    ['big epoch', [T('2025-01-01T00:00:00Z'), T('2025-01-02T00:00:00Z')], 0, 2400, T('2025-01-01T12:00:00Z'), 1200],
  ];
  for (const [name, domain, x0, x1, t, px] of cases) {
    it(name, () => {
      const s = fitScale(domain, x0, x1);
      expect(toPx(s, t)).toBeCloseTo(px, 6);
      expect(toTime(s, px)).toBeCloseTo(t, 3);
    });
  }
  it('zoom keeps the point under the cursor with k and tx like d3', () => {
    const s = fitScale([0, 1000], 0, 1000);
    // d3: zoom by 2 about x=250 → tx = 250 - 250 * 2 = -250
    const z = zoomScale(s, 2, -250);
    expect(toPx(z, 250)).toBeCloseTo(250);
    expect(toPx(z, 500)).toBeCloseTo(750);
  });
});

describe('state at the clock', () => {
  const r = daily(1, { start_date: '2025-01-02T00:01:00Z', end_date: '2025-01-02T00:10:00Z', state: 'failed', queued_at: '2025-01-02T00:00:00Z' });
  const withLog = output([r], [
    { at: '2025-01-02T00:00:00Z', kind: 'dag_run.created', dag_id: 'd', run_id: r.run_id, task_id: null, why: 'x' },
    { at: '2025-01-02T00:01:00Z', kind: 'dag_run.running', dag_id: 'd', run_id: r.run_id, task_id: null, why: 'x' },
    { at: '2025-01-02T00:10:00Z', kind: 'dag_run.failed', dag_id: 'd', run_id: r.run_id, task_id: null, why: 'x' },
  ]);
  const cases: Array<[string, number, string | null]> = [
    ['before creation', T('2025-01-01T23:59:00Z'), null],
    ['created', T('2025-01-02T00:00:00Z'), 'queued'],
    ['running', T('2025-01-02T00:05:00Z'), 'running'],
    ['failed', T('2025-01-02T00:10:00Z'), 'failed'],
    ['end', Infinity, 'failed'],
  ];
  for (const [name, t, want] of cases) {
    it(`${name} (from the log)`, () => {
      const l = layoutTimeline(withLog);
      const s = runStateAt(l, 0, t);
      expect(s < 0 ? null : STATE_NAMES[s]).toBe(want);
    });
    it(`${name} (from timestamps)`, () => {
      const l = layoutTimeline(output([r]));
      const s = runStateAt(l, 0, t);
      expect(s < 0 ? null : STATE_NAMES[s]).toBe(want);
    });
  }
});

describe('drawing', () => {
  it('zero-length intervals draw as an I-beam of fixed width at every zoom', () => {
    const r = run({ logical_date: '2025-01-02T03:00:00Z', data_interval_start: '2025-01-02T03:00:00Z', data_interval_end: '2025-01-02T03:00:00Z', run_after: '2025-01-02T03:00:00Z' });
    const l = layoutTimeline(output([r]));
    for (const k of [1, 10, 1000]) {
      const sink = new CountingSink();
      const base = fitScale(paddedDomain(l), 0, 800);
      const x = toPx(base, T('2025-01-02T03:00:00Z'));
      drawTimeline(l, sink, { scale: zoomScale(base, k, x - x * k), left: 0, right: 800, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
      // The run_after tick is drawn in the tick colour; the I-beam in the state colour.
      const widths = sink.rects.filter((q) => q[4] === STATE_COLORS.light.success).map((q) => q[2]).sort();
      expect(widths).toEqual([2, 6, 6]);
    }
  });
  it('merges sub-pixel marks: 100k runs draw far fewer primitives than runs', () => {
    const out = syntheticOutput(100_000, { dags: 4 });
    const l = layoutTimeline(out);
    const sink = new CountingSink();
    const stats = drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 1000), left: 0, right: 1000, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(stats.primitives).toBeLessThan(30_000);
    // Runs that share a pixel column collapse into one range query: far fewer visits than runs.
    expect(stats.runsVisited).toBeLessThan(30_000);
  });
  it('collapsing runs in a pixel keeps the most urgent state', () => {
    // 50 successes and one failure inside one pixel column: the column shows failed.
    const runs = Array.from({ length: 51 }, (_, k) => {
      const s = new Date(T('2025-01-01T00:00:00Z') + k * 60_000).toISOString().replace('.000Z', 'Z');
      const e = new Date(T('2025-01-01T00:00:00Z') + (k + 1) * 60_000).toISOString().replace('.000Z', 'Z');
      return run({ run_id: `r${k}`, logical_date: s, data_interval_start: s, data_interval_end: e, run_after: e, state: k === 25 ? 'failed' : 'success' });
    });
    const l = layoutTimeline(output(runs, [], { start: '2025-01-01T00:00:00Z', end: '2025-01-31T00:00:00Z' }));
    const sink = new CountingSink();
    const stats = drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 300), left: 0, right: 300, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(stats.runsVisited).toBeLessThan(10);
    expect(sink.rects.some((r) => r[4] === STATE_COLORS.light.failed)).toBe(true);
  });
  it('culls to the visible window', () => {
    const out = syntheticOutput(10_000, { dags: 2 });
    const l = layoutTimeline(out);
    const base = fitScale(paddedDomain(l), 0, 1000);
    const zoomed = zoomScale(base, 100, -50_000);
    const sink = new CountingSink();
    const stats = drawTimeline(l, sink, { scale: zoomed, left: 0, right: 1000, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(stats.runsVisited).toBeLessThan(500);
  });
  it('outlines selection and highlights, draws arrows', () => {
    const a = daily(1);
    const b = daily(2);
    const out = output([a, b], [{ at: '2025-01-03T00:00:00Z', kind: 'ti.blocked', dag_id: 'd', run_id: b.run_id, task_id: 't', why: 'depends_on_past', ref_run_id: a.run_id }]);
    const l = layoutTimeline(out);
    expect(refArrows(l, out.log, 1)).toEqual([[0, 1]]);
    const sink = new CountingSink();
    drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 600), left: 0, right: 600, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity, selected: 1, highlight: new Set([0]), arrows: refArrows(l, out.log, 1) });
    expect(sink.outlines.length).toBe(2);
    expect(sink.arrows).toBe(1);
  });
  it('marker shape by run type in the ad-hoc lane', () => {
    const runs = [
      run({ run_type: 'manual', triggered_by: 'cli', run_after: '2025-01-02T00:00:00Z' }),
      run({ run_type: 'asset_triggered', triggered_by: 'asset', run_after: '2025-01-03T00:00:00Z' }),
      run({ run_type: 'manual', triggered_by: 'operator', run_after: '2025-01-04T00:00:00Z' }),
    ];
    const l = layoutTimeline(output(runs));
    const sink = new CountingSink();
    drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 600), left: 0, right: 600, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(sink.markers).toEqual(['circle', 'diamond', 'triangle']);
  });
});

describe('hit testing', () => {
  const runs = [daily(1), daily(2), run({ run_type: 'manual', triggered_by: 'cli', run_after: '2025-01-02T12:00:00Z' })];
  const l = layoutTimeline(output(runs));
  const s = fitScale([T('2025-01-01T00:00:00Z'), T('2025-01-04T00:00:00Z')], 0, 300);
  const intervalY = l.rowY[l.bands[0].firstRow] + 5;
  const adhocY = l.rowY[l.bands[0].adhocRow] + 8;
  const cases: Array<[string, number, number, number]> = [
    ['inside first interval', 50, intervalY, 0],
    ['inside second interval', 150, intervalY, 1],
    ['manual marker', 150, adhocY, 2],
    ['empty ad-hoc space', 20, adhocY, -1],
    ['outside rows', 50, -20, -1],
  ];
  for (const [name, x, y, want] of cases) it(name, () => expect(hitTest(l, s, x, y)).toBe(want));
  it('rowWindow finds candidates by time', () => {
    const g = l.bands[0].firstRow;
    const [a, b] = rowWindow(l, g, T('2025-01-02T06:00:00Z'), T('2025-01-02T07:00:00Z'));
    expect(b - a).toBeGreaterThanOrEqual(1);
  });
});

describe('parseTime', () => {
  const cases = [
    '2025-01-01T00:00:00Z', '2024-02-29T23:59:59Z', '1999-12-31T12:34:56.789Z', '2025-03-30T01:30:00.5Z',
    '2100-03-01T00:00:00Z', '1970-01-01T00:00:00Z', '1969-12-31T23:00:00Z', '2025-01-01T00:00:00+02:00', '2025-01-01',
  ];
  for (const c of cases) it(c, () => expect(parseTime(c)).toBe(Date.parse(c)));
  it('null and garbage', () => { expect(parseTime(null)).toBeNaN(); expect(parseTime('nope')).toBeNaN(); });
});
