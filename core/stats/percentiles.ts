// Delay percentiles by nearest rank (the p-th percentile of n sorted samples is the
// ceil(p/100 * n)-th), so a figure is always one of the observed delays and can be checked by hand.
import type { DelayFigures, DelaySeries } from './types.js';
import type { Buckets } from './buckets.js';

/** Delays in milliseconds → figures in seconds. Sorts `ms` in place. */
export function delayFigures(ms: number[]): DelayFigures {
  const n = ms.length;
  if (n === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  ms.sort((a, b) => a - b);
  let sum = 0;
  for (const x of ms) sum += x;
  return { count: n, p50: sec(rank(ms, 50)), p90: sec(rank(ms, 90)), p99: sec(rank(ms, 99)), max: sec(ms[n - 1]), mean: Math.round(sum / n) / 1000 };
}

export function rank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sec = (ms: number) => ms / 1000;

/** A delay sample: when the waiting ended (the bucket it falls in) and how long it was. */
export interface DelaySamples { at: number[]; ms: number[] }

export const newSamples = (): DelaySamples => ({ at: [], ms: [] });

/** p50, p90 and max of the samples that ended in each bucket (seconds; null for none). */
export function delaySeries(s: DelaySamples, b: Buckets): DelaySeries {
  const per: number[][] = Array.from({ length: b.count }, () => []);
  for (let i = 0; i < s.at.length; i++) {
    const k = b.index(s.at[i]);
    if (k >= 0) per[k].push(s.ms[i]);
  }
  const out: DelaySeries = { p50: [], p90: [], max: [] };
  for (const xs of per) {
    if (xs.length === 0) { out.p50.push(null); out.p90.push(null); out.max.push(null); continue; }
    xs.sort((a, c) => a - c);
    out.p50.push(sec(rank(xs, 50))); out.p90.push(sec(rank(xs, 90))); out.max.push(sec(xs[xs.length - 1]));
  }
  return out;
}
