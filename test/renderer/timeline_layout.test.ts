import { describe, expect, it } from 'vitest';
import {
  LANE_ADHOC, LANE_INTERVAL, drawTimeline, fitScale, hitTest, layoutTimeline, paddedDomain, refArrows, rowAt,
  parseTime, rowWindow, runStateAt, toPx, toTime, zoomScale, type Shape, type TimelineSink,
} from '../../view/timeline_layout.js';
import { STATE_COLORS, STATE_NAMES } from '../../view/colors.js';
import { syntheticOutput } from '../../view/synthetic.js';
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
  outlineY: number[] = [];
  strokeRect(_x: number, y: number, _w: number, _h: number, stroke: string) { this.outlines.push(stroke); this.outlineY.push(y); }
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

type Run = ReturnType<typeof run>;
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const at = (hhmm: string, day = 1): number => T(`2025-01-0${day}T${hhmm}:00Z`);
/** A run without a logical date (ad-hoc lane), triggered at `ra`, executing for `mins` minutes. */
const adhoc = (id: string, ra: number, mins: number | null = 20, extra: Partial<Run> = {}): Run => run({
  run_id: id, run_type: 'manual', triggered_by: 'cli', run_after: iso(ra), queued_at: iso(ra),
  start_date: mins === null ? null : iso(ra), end_date: mins === null ? null : iso(ra + mins * 60_000),
  state: mins === null ? 'queued' : 'success', ...extra,
});
/** An hourly CronTrigger run (zero-length interval at `h`:00), executing for `mins` (null: still running). */
const cron = (h: number, mins: number | null): Run => {
  const t = iso(at(`0${h}:00`));
  return run({ run_id: `scheduled__${t}`, logical_date: t, data_interval_start: t, data_interval_end: t, run_after: t, start_date: t, end_date: mins === null ? null : iso(at(`0${h}:00`) + mins * 60_000), state: mins === null ? 'running' : 'success' });
};
const withExec = (day: number, startIso: string, mins = 10): Run =>
  daily(day, { start_date: startIso, end_date: iso(T(startIso) + mins * 60_000) });

const DAY_CLOCK = { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' };

describe('sub-row packing', () => {
  // rows: each run's sub-row within its lane (in output order); subRows: the lane's sub-row count.
  const cases: Array<{ name: string; runs: Run[]; lane: 'interval' | 'adhoc'; rows: number[]; subRows: number; overflow?: number; maxRows?: number }> = [
    { name: '5 identical run_afters → 5 sub-rows', lane: 'adhoc', subRows: 5, rows: [0, 1, 2, 3, 4],
      runs: [32, 21, 36, 26, 25].map((m, k) => adhoc(`lr_${k}`, at('09:00'), m)) },
    { name: 'same instant, not started yet: markers alone still stack', lane: 'adhoc', subRows: 3, rows: [0, 1, 2],
      runs: [0, 1, 2].map((k) => adhoc(`q${k}`, at('09:00'), null)) },
    { name: 'disjoint ad-hoc runs → 1 sub-row', lane: 'adhoc', subRows: 1, rows: [0, 0, 0],
      runs: [adhoc('a', at('09:00'), 10), adhoc('b', at('11:00'), 10), adhoc('c', at('13:00'), 10)] },
    { name: 'markers 3 min apart (2 px in the full view) stack', lane: 'adhoc', subRows: 2, rows: [0, 1],
      runs: [adhoc('a', at('09:00'), null), adhoc('b', at('09:03'), null)] },
    { name: 'markers 30 min apart (24 px) share a sub-row', lane: 'adhoc', subRows: 1, rows: [0, 0],
      runs: [adhoc('a', at('09:00'), null), adhoc('b', at('09:30'), null)] },
    { name: 'an execution over the next marker stacks it, then the sub-row frees', lane: 'adhoc', subRows: 2, rows: [0, 1, 0],
      runs: [adhoc('a', at('09:00'), 90), adhoc('b', at('10:00'), 10), adhoc('c', at('12:00'), 10)] },
    { name: 'same run_after: creation order, not output order', lane: 'adhoc', subRows: 3, rows: [1, 0, 2],
      runs: [2, 1, 3].map((sec) => adhoc(`s${sec}`, at('09:00'), 20, { queued_at: iso(at('09:00') + sec * 1000) })) },
    { name: 'disjoint data intervals → 1 sub-row', lane: 'interval', subRows: 1, rows: [0, 0, 0],
      runs: [daily(1), daily(3), daily(5)] },
    { name: 'adjacent intervals: the run_after tick sits on the next one, they alternate', lane: 'interval', subRows: 2, rows: [0, 1, 0],
      runs: [daily(1), daily(2), daily(3)] },
    { name: 'execution after run_after runs under the next interval: alternate', lane: 'interval', subRows: 2, rows: [0, 1, 0, 1],
      runs: [1, 2, 3, 4].map((d) => withExec(d, `2025-01-0${d + 1}T00:00:01Z`)) },
    { name: 'same interval twice stacks', lane: 'interval', subRows: 2, rows: [0, 1],
      runs: [daily(1), daily(1, { run_id: 'backfill__x', run_type: 'backfill' })] },
    // Runs that waited and all started at one instant share a sub-row: one column, not a diagonal.
    { name: 'catchup: disjoint intervals, executions all at the clock start → 1 sub-row', lane: 'interval', subRows: 1, rows: [0, 0, 0, 0],
      runs: [1, 2, 3, 4].map((d) => withExec(d, '2025-01-06T00:00:00Z')) },
    { name: 'running runs reach the end of the clock: each new one stacks', lane: 'interval', subRows: 3, rows: [0, 0, 1, 2],
      runs: [cron(1, 15), cron(2, null), cron(3, null), cron(4, null)] },
    { name: 'cap: 12 at one instant → 8 sub-rows, 4 overflow in the last', lane: 'adhoc', subRows: 8, overflow: 4, rows: [0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7],
      runs: Array.from({ length: 12 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30)) },
    { name: 'cap: maxRows 3', lane: 'adhoc', subRows: 3, overflow: 2, maxRows: 3, rows: [0, 1, 2, 2, 2],
      runs: Array.from({ length: 5 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30)) },
    { name: 'cap: disjoint runs never overflow', lane: 'adhoc', subRows: 1, overflow: 0, maxRows: 1, rows: [0, 0, 0],
      runs: [adhoc('a', at('09:00'), 10), adhoc('b', at('11:00'), 10), adhoc('c', at('13:00'), 10)] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // A one-day clock: the marks below are minutes to hours apart, well clear at that scale.
      const l = layoutTimeline(output(c.runs, [], DAY_CLOCK), c.maxRows ? { maxRows: c.maxRows } : {});
      const b = l.bands[0];
      const first = c.lane === 'interval' ? b.firstRow : b.adhocRow;
      expect([...l.lane]).toEqual(c.runs.map(() => (c.lane === 'interval' ? LANE_INTERVAL : LANE_ADHOC)));
      expect([...l.row].map((g) => g - first)).toEqual(c.rows);
      expect(c.lane === 'interval' ? b.intervalRows : b.adhocRows).toBe(c.subRows);
      expect(c.lane === 'interval' ? b.adhocRows : b.intervalRows).toBe(1);
      expect(c.lane === 'interval' ? b.intervalOverflow : b.adhocOverflow).toBe(c.overflow ?? 0);
      expect([...l.overflow].filter(Boolean).length).toBe(c.overflow ?? 0);
      // The band grows with its sub-rows.
      expect(b.height).toBe(18 + b.intervalRows * 22 + b.adhocRows * 22);
    });
  }
  it('catch-up: runs that waited and started together are one group with their count; two are not', () => {
    // Day 5's run is due at 01-06 00:00 and starts then: it did not wait, so it is not caught up.
    const l = layoutTimeline(output([1, 2, 3, 4].map((d) => withExec(d, '2025-01-06T00:00:00Z')).concat(withExec(5, '2025-01-06T00:00:00Z')), [], DAY_CLOCK));
    expect(l.catchUps.map((c) => [c.count, new Date(c.at).toISOString(), c.row])).toEqual([[4, '2025-01-06T00:00:00.000Z', l.bands[0].firstRow]]);
    const two = layoutTimeline(output([1, 2].map((d) => withExec(d, '2025-01-06T00:00:00Z')), [], DAY_CLOCK));
    expect(two.catchUps).toEqual([]);
    expect(two.bands[0].intervalRows).toBe(2);
  });
  it('lanes pack separately', () => {
    const l = layoutTimeline(output([daily(1, { start_date: '2025-01-02T00:00:00Z', end_date: '2025-01-02T01:00:00Z' }), adhoc('m', T('2025-01-02T00:00:00Z'), 60)]));
    expect([l.row[0], l.row[1]]).toEqual([l.bands[0].firstRow, l.bands[0].adhocRow]);
    expect([l.bands[0].intervalRows, l.bands[0].adhocRows]).toEqual([1, 1]);
  });
  it('overflow runs are listed, by start, on the last sub-row only', () => {
    const l = layoutTimeline(output(Array.from({ length: 12 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30))));
    const last = l.bands[0].adhocRow + 7;
    expect([...l.rowOverflow[last]]).toEqual([8, 9, 10, 11]);
    expect(l.rowOverflow.filter((o) => o.length).length).toBe(1);
  });
  it('100k runs: a dense lane packs by overlap in time, not by shared overview pixels', () => {
    // Hourly runs whose executions reach into the next interval: 2 sub-rows, not the cap.
    const l = layoutTimeline(syntheticOutput(100_000, { dags: 4 }));
    for (const b of l.bands) {
      expect(b.intervalRows).toBeLessThanOrEqual(3);
      expect(b.adhocRows).toBeLessThanOrEqual(3);
      expect(b.intervalOverflow + b.adhocOverflow).toBe(0);
    }
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
  // Zero-length runs (px apart in the drawing) in one sub-row: neighbouring I-beams are drawn as
  // their union, which covers the same pixels with fewer rects.
  const beamCases: Array<[string, number[], number[]]> = [
    ['2 px apart: one stem, one pair of caps', [10, 12, 100], [2, 4, 6, 6, 8, 8]],
    ['5 px apart: caps join, stems do not', [10, 15], [2, 2, 11, 11]],
    ['8 px apart: two I-beams', [10, 18], [2, 2, 6, 6, 6, 6]],
  ];
  for (const [name, minutes, widths] of beamCases) {
    it(`I-beams ${name}`, () => {
      const t0 = T('2025-01-01T09:00:00Z');
      const runs = minutes.map((m) => { const t = iso(t0 + m * 60_000); return run({ run_id: `r${m}`, logical_date: t, data_interval_start: t, data_interval_end: t, run_after: t }); });
      // Packed for a very wide view (so they share a sub-row), drawn at 1 px per minute.
      const l = layoutTimeline(output(runs, [], DAY_CLOCK), { referenceWidth: 100_000 });
      expect(l.bands[0].intervalRows).toBe(1);
      const sink = new CountingSink();
      drawTimeline(l, sink, { scale: fitScale([t0, t0 + 240 * 60_000], 0, 240), left: 0, right: 240, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
      expect(sink.rects.filter((q) => q[4] === STATE_COLORS.light.success).map((q) => q[2]).sort((a, b) => a - b)).toEqual(widths);
    });
  }
  it('merges sub-pixel marks: 100k runs draw far fewer primitives than runs', () => {
    const out = syntheticOutput(100_000, { dags: 4 });
    const l = layoutTimeline(out);
    const sink = new CountingSink();
    const stats = drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 1000), left: 0, right: 1000, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(stats.primitives).toBeLessThan(30_000);
    // Runs that share a pixel column collapse into one range query: far fewer visits than runs.
    expect(stats.runsVisited).toBeLessThan(30_000);
  });
  it('a sink taking column strips gets the same pixel columns as rects, in far fewer calls', () => {
    const l = layoutTimeline(syntheticOutput(20_000, { dags: 2 }));
    const base = fitScale(paddedDomain(l), 0, 1000);
    // Columns as "x,y,h,opacity" → colour, from rects (integer x and width) or from strips.
    type Px = Map<string, string>;
    const fromRects = (rects: Array<[number, number, number, number, string, number?]>, px: Px) => {
      for (const [x, y, w, h, fill, op] of rects) {
        if (!Number.isInteger(x) || h === 20 || h === 1.5 || (h === 8 && y % 1 !== 0)) continue; // ticks, I-beams
        for (let c = x; c < x + Math.max(1, Math.floor(w)); c++) px.set(`${c},${y},${h},${op ?? 1}`, fill);
      }
    };
    for (const k of [1, 10, 100]) {
      const view = { scale: zoomScale(base, k, -500 * (k - 1)), left: 0, right: 1000, top: 0, bottom: l.height, yOffset: 0, theme: 'light' as const, clock: Infinity };
      const plain = new CountingSink();
      const plainCols: Array<[number, number, number, number, string, number?]> = [];
      (plain as TimelineSink).columnRect = (x, y, w, h, fill, op) => { plainCols.push([x, y, w, h, fill, op]); };
      drawTimeline(l, plain, view);
      const striped = new CountingSink();
      const stripedCols: Array<[number, number, number, number, string, number?]> = [];
      const strips: Px = new Map();
      let calls = 0;
      (striped as TimelineSink).columnRect = (x, y, w, h, fill, op) => { stripedCols.push([x, y, w, h, fill, op]); };
      (striped as TimelineSink).columnStrip = (cols, from, n, x, y, h, colors, op) => {
        calls++;
        for (let c = 0; c < n; c++) if (cols[from + c]) strips.set(`${x + c},${y},${h},${op}`, colors[cols[from + c] - 1]);
      };
      drawTimeline(l, striped, view);
      const want: Px = new Map();
      fromRects(plainCols, want);
      const got: Px = new Map(strips);
      fromRects(stripedCols, got);
      expect(want.size).toBeGreaterThan(500);
      expect(got).toEqual(want);
      if (k === 1) expect(calls * 20).toBeLessThan(plainCols.length);
    }
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
  it('draws stacked markers, one per sub-row', () => {
    const l = layoutTimeline(output([0, 1, 2, 3, 4].map((k) => adhoc(`lr_${k}`, at('09:00'), 20))));
    const sink = new CountingSink();
    drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 800), left: 0, right: 800, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: Infinity });
    expect(sink.markers).toEqual(['circle', 'circle', 'circle', 'circle', 'circle']);
    expect(sink.texts).toEqual([]);
  });
  const badgeCases: Array<{ name: string; runs: Run[]; clock: number; badges: string[] }> = [
    { name: '12 at one instant: "+4"', runs: Array.from({ length: 12 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30)), clock: Infinity, badges: ['+4'] },
    { name: 'two far-apart piles: a badge each', clock: Infinity, badges: ['+4', '+2'],
      runs: [...Array.from({ length: 12 }, (_, k) => adhoc(`a${k}`, at('09:00'), 30)), ...Array.from({ length: 10 }, (_, k) => adhoc(`b${k}`, at('15:00'), 30))] },
    { name: 'before the overflow runs exist: no badge', runs: Array.from({ length: 12 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30)), clock: at('08:00'), badges: [] },
    { name: 'no overflow: no badge', runs: Array.from({ length: 8 }, (_, k) => adhoc(`r${k}`, at('09:00'), 30)), clock: Infinity, badges: [] },
  ];
  for (const c of badgeCases) {
    it(`overflow badge: ${c.name}`, () => {
      const l = layoutTimeline(output(c.runs, [], { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' }));
      const sink = new CountingSink();
      drawTimeline(l, sink, { scale: fitScale(paddedDomain(l), 0, 800), left: 0, right: 800, top: 0, bottom: l.height, yOffset: 0, theme: 'light', clock: c.clock });
      expect(sink.texts).toEqual(c.badges);
    });
  }
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
  // Adjacent intervals stack (the first one's run_after tick touches the second).
  const intervalY = l.rowY[l.bands[0].firstRow] + 5;
  const interval2Y = l.rowY[l.bands[0].firstRow + 1] + 5;
  const adhocY = l.rowY[l.bands[0].adhocRow] + 8;
  const cases: Array<[string, number, number, number]> = [
    ['inside first interval', 50, intervalY, 0],
    ['inside second interval, second sub-row', 150, interval2Y, 1],
    ['second interval is not on the first sub-row', 150, intervalY, -1],
    ['manual marker', 150, adhocY, 2],
    ['empty ad-hoc space', 20, adhocY, -1],
    ['outside rows', 50, -20, -1],
  ];
  for (const [name, x, y, want] of cases) it(name, () => expect(hitTest(l, s, x, y)).toBe(want));
  it('stacked runs at one instant: each sub-row hits its own run, the outline follows it', () => {
    const five = layoutTimeline(output([32, 21, 36, 26, 25].map((m, k) => adhoc(`lr_${k}`, at('09:00'), m))));
    const sc = fitScale(paddedDomain(five), 0, 800);
    const x = toPx(sc, at('09:00'));
    for (let k = 0; k < 5; k++) {
      const y = five.rowY[five.bands[0].adhocRow + k];
      expect(hitTest(five, sc, x, y + 8)).toBe(k);
      // On the execution span too.
      expect(hitTest(five, sc, toPx(sc, at('09:10')), y + 17)).toBe(k);
      const sink = new CountingSink();
      drawTimeline(five, sink, { scale: sc, left: 0, right: 800, top: 0, bottom: five.height, yOffset: 0, theme: 'light', clock: Infinity, selected: k });
      expect(sink.outlineY).toEqual([y]);
    }
  });
  it('rowWindow finds candidates by time', () => {
    const g = l.row[1];
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
