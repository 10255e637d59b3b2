// The time axis: a linear map from epoch ms to px, zoom, and which rows and runs a view can see.
import type { TimelineLayout } from './timeline_model.js';

/** A linear map from epoch ms to px: px = (t - t0) * k + x0. */
export interface TimeScale { t0: number; k: number; x0: number }

export function fitScale(domain: readonly [number, number], x0: number, x1: number): TimeScale {
  const span = domain[1] - domain[0] || 1;
  return { t0: domain[0], k: (x1 - x0) / span, x0 };
}

export const toPx = (s: TimeScale, t: number): number => (t - s.t0) * s.k + s.x0;
export const toTime = (s: TimeScale, px: number): number => (px - s.x0) / s.k + s.t0;

/** Apply a d3-zoom-like transform (x' = x * k + tx) to a base scale. */
export function zoomScale(base: TimeScale, k: number, tx: number): TimeScale {
  return { t0: base.t0, k: base.k * k, x0: base.x0 * k + tx };
}

/** The padded time domain shown when nothing is zoomed. */
export function paddedDomain(layout: TimelineLayout, fraction = 0.02): [number, number] {
  const [a, b] = layout.extent;
  const pad = (b - a) * fraction;
  return [a - pad, b + pad];
}

/** Indices [from, to) into rowOrder[g] whose extent may intersect [tLeft, tRight]. */
export function rowWindow(layout: TimelineLayout, g: number, tLeft: number, tRight: number): [number, number] {
  const order = layout.rowOrder[g];
  const lo = layout.lo;
  const from = lowerBound(order, lo, tLeft - layout.rowMaxSpan[g]);
  const to = lowerBound(order, lo, tRight, true);
  return [from, to];
}

/** First k with lo[order[k]] >= v (or > v when `strict`). */
function lowerBound(order: Int32Array, lo: Float64Array, v: number, strict = false): number {
  let a = 0;
  let b = order.length;
  while (a < b) {
    const m = (a + b) >> 1;
    const x = lo[order[m]];
    if (strict ? x <= v : x < v) a = m + 1; else b = m;
  }
  return a;
}

/** First global row whose bottom is below y. */
export function rowAt(layout: TimelineLayout, y: number): number {
  const ys = layout.rowY;
  let a = 0;
  let b = ys.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (ys[m] + layout.rowH[m] <= y) a = m + 1; else b = m;
  }
  return a < ys.length && y >= ys[a] ? a : -1;
}
