// The capacity charts' pure part (view/capacity_charts.ts): step paths on the timeline's scale,
// gaps for buckets without data, the bucket under an instant, and a y scale that follows the data
// rather than a far larger limit.
import { describe, expect, it } from 'vitest';
import { bucketAt, bucketPoints, capacityCharts, fmtValue, stepArea, stepPath } from '../../view/capacity_charts.js';
import { fitScale } from '../../view/timeline_layout.js';
import type { Stats } from '../../core/index.js';

const edges = [0, 100, 200, 300];
const s = fitScale([0, 300], 0, 300); // 1 px per ms
const y = (v: number) => 10 - v;

describe('capacity chart paths', () => {
  it('a step per bucket, a gap at null, clipped to the view', () => {
    expect(stepPath([1, 2, 3], edges, s, y, 0, 300)).toBe('M0.0,9.0H100.0V8.0H200.0V7.0H300.0');
    expect(stepPath([1, null, 3], edges, s, y, 0, 300)).toBe('M0.0,9.0H100.0M200.0,7.0H300.0');
    expect(stepPath([1, 2, 3], edges, s, y, 150, 180)).toBe('M149.0,8.0H181.0');
    expect(stepArea([1, null, 3], edges, s, y, 10, 0, 300)).toBe('M0.0,10V9.0H100.0V10H0.0ZM200.0,10V7.0H300.0V10H200.0Z');
    expect(bucketPoints([null, 5, null], edges, s, 0, 300)).toEqual([{ x: 150, v: 5 }]);
  });

  it('the bucket of an instant', () => {
    expect([bucketAt(edges, 0), bucketAt(edges, 99), bucketAt(edges, 100), bucketAt(edges, 300), bucketAt(edges, 301), bucketAt(edges, -1)]).toEqual([0, 0, 1, 2, -1, -1]);
    expect(fmtValue(1800, 's')).toBe('1,800s');
    expect(fmtValue(0.6667, '')).toBe('0.7');
    expect(fmtValue(null, '')).toBe('—');
  });

  it('a limit far above the data is listed but does not set the scale; a near one does', () => {
    const series = (v: number[]) => ({ mean: v, max: v });
    const delay = { p50: [null, null], p90: [null, null], max: [null, null] };
    const stats = (used: number[], slots: number): Stats => ({
      windtunnel: 1, scenario: 'x', clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:20:00Z' }, bucket: 'PT10M', bucket_ms: 600_000,
      times: ['2025-01-01T00:00:00Z', '2025-01-01T00:10:00Z'],
      pools: [{ pool: 'default_pool', slots, used: series(used), queued_tis: series([0, 0]), task_delay: { count: 0, p50: null, p90: null, p99: null, max: null, mean: null }, task_delay_series: delay }],
      total: { slots: 512, used: series(used), queued_tis: series([0, 0]), queued_runs: series([0, 0]), running_runs: series([1, 1]), task_delay: { count: 0, p50: null, p90: null, p99: null, max: null, mean: null }, run_delay: { count: 0, p50: null, p90: null, p99: null, max: null, mean: null }, task_delay_series: delay, run_delay_series: delay },
      dags: [], notes: [],
    });
    const far = capacityCharts(stats([10, 20], 128), 'light')[0];
    expect(far.yMax).toBe(20);
    expect(far.lines.map((l) => l.label)).toEqual(['running task instances', 'parallelism', 'default_pool slots']);
    const near = capacityCharts(stats([10, 20], 24), 'dark')[0];
    expect(near.yMax).toBe(24);
  });
});
