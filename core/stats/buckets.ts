// Time buckets for the capacity series: a round size chosen from the clock's span (or given), and
// step functions integrated over them so each bucket has a time-weighted mean and a peak. A value
// held for no time (a task instance ready and started at the same instant) counts for neither.
import type { BucketSeries } from './types.js';

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;
/** Round bucket sizes, smallest first. */
export const BUCKET_SIZES = [S, 5 * S, 15 * S, 30 * S, M, 5 * M, 10 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 14 * D, 30 * D, 91 * D, 365 * D];
/** At most this many buckets when the size is chosen from the clock. */
export const MAX_BUCKETS = 200;

/** The smallest round size that cuts the span into at most MAX_BUCKETS buckets. */
export function chooseBucketMs(spanMs: number): number {
  for (const size of BUCKET_SIZES) if (Math.ceil(spanMs / size) <= MAX_BUCKETS) return size;
  return Math.ceil(spanMs / MAX_BUCKETS / D) * D;
}

export class Buckets {
  readonly count: number;
  constructor(readonly start: number, readonly end: number, readonly size: number) {
    this.count = Math.max(1, Math.ceil((end - start) / size));
  }
  /** The bucket of an instant inside [start, end]; -1 outside. */
  index(t: number): number {
    if (t < this.start || t > this.end) return -1;
    return Math.min(this.count - 1, Math.floor((t - this.start) / this.size));
  }
  length(b: number): number {
    return Math.min(this.end, this.start + (b + 1) * this.size) - (this.start + b * this.size);
  }
}

/** A step function sampled into buckets: advance(t) integrates the current value up to t. */
export class StepSeries {
  value = 0;
  private last: number;
  private readonly area: Float64Array;
  private readonly peak: Float64Array;
  constructor(private readonly b: Buckets) {
    this.last = b.start;
    this.area = new Float64Array(b.count);
    this.peak = new Float64Array(b.count);
  }

  advance(t: number): void {
    const to = Math.min(t, this.b.end);
    if (to <= this.last) return;
    const v = this.value;
    if (v === 0) { this.last = to; return; }
    while (this.last < to) {
      const i = Math.min(this.b.count - 1, Math.floor((this.last - this.b.start) / this.b.size));
      const bucketEnd = Math.min(this.b.end, this.b.start + (i + 1) * this.b.size);
      const seg = Math.min(to, bucketEnd) - this.last;
      this.area[i] += v * seg;
      if (v > this.peak[i]) this.peak[i] = v;
      this.last += seg;
      if (seg <= 0) break;
    }
  }

  /** Means rounded to 3 decimals so the JSON stays small and stable. */
  finish(): BucketSeries {
    this.advance(this.b.end);
    const mean: number[] = [];
    const max: number[] = [];
    for (let i = 0; i < this.b.count; i++) {
      mean.push(Math.round((this.area[i] / this.b.length(i)) * 1000) / 1000);
      max.push(this.peak[i]);
    }
    return { mean, max };
  }
}
