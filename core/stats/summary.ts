// The headline figures of a Stats, one row each (`windtunnel stats --format table`, the what-if's
// side-by-side columns): peaks and whole-window means of the series, and the delay percentiles.
import type { BucketSeries, DelayFigures, Stats } from './types.js';

export interface Figure {
  /** `total`, `pool NAME`. */
  scope: string;
  name: string;
  value: number | null;
  /** `s` (seconds), `%`, or empty for counts. */
  unit: '' | 's' | '%';
}

export function summarize(s: Stats): Figure[] {
  const rows: Figure[] = [];
  const add = (scope: string, name: string, value: number | null, unit: Figure['unit'] = '') => rows.push({ scope, name, value, unit });
  const lengths = s.times.map((_, i) => Math.min(ms(s.clock.end), ms(s.times[i]) + s.bucket_ms) - ms(s.times[i]));
  const mean = (x: BucketSeries) => round(weighted(x.mean, lengths));
  const peak = (x: BucketSeries) => x.max.reduce((a, v) => Math.max(a, v), 0);
  const delays = (scope: string, what: string, d: DelayFigures) => {
    add(scope, `${what} count`, d.count);
    for (const p of ['p50', 'p90', 'p99', 'max'] as const) add(scope, `${what} ${p}`, d[p], 's');
  };

  const t = s.total;
  add('total', 'task slots (parallelism)', t.slots);
  add('total', 'running task instances, peak', peak(t.used));
  add('total', 'running task instances, mean', mean(t.used));
  if (t.slots) add('total', 'task slots in use, mean', round((100 * weighted(t.used.mean, lengths)) / t.slots), '%');
  add('total', 'queued task instances, peak', peak(t.queued_tis));
  add('total', 'queued task instances, mean', mean(t.queued_tis));
  add('total', 'queued runs, peak', peak(t.queued_runs));
  add('total', 'queued runs, mean', mean(t.queued_runs));
  add('total', 'running runs, peak', peak(t.running_runs));
  add('total', 'running runs, mean', mean(t.running_runs));
  delays('total', 'task delay', t.task_delay);
  delays('total', 'run delay', t.run_delay);
  for (const p of s.pools) {
    const scope = `pool ${p.pool}`;
    add(scope, 'slots', p.slots);
    add(scope, 'slots used, peak', peak(p.used));
    add(scope, 'slots used, mean', mean(p.used));
    if (p.slots) add(scope, 'slots in use, mean', round((100 * weighted(p.used.mean, lengths)) / p.slots), '%');
    add(scope, 'queued task instances, peak', peak(p.queued_tis));
    delays(scope, 'task delay', p.task_delay);
  }
  return rows;
}

function weighted(xs: readonly number[], w: readonly number[]): number {
  let a = 0, n = 0;
  for (let i = 0; i < xs.length; i++) { a += xs[i] * w[i]; n += w[i]; }
  return n ? a / n : 0;
}

const round = (x: number) => Math.round(x * 100) / 100;
const ms = (iso: string) => Date.parse(iso);
