// Capacity figures: what the CLI's `stats`, the app's capacity charts and the exports share.
export type { Stats, PoolStats, DagStats, DelayFigures, BucketSeries, DelaySeries } from './types.js';
export { computeStats, statsConfig, type StatsSource, type StatsConfig } from './compute.js';
export { chooseBucketMs, BUCKET_SIZES } from './buckets.js';
export { summarize, type Figure } from './summary.js';
export { statsTable, statsCsv, whatIfTable, whatIfCsv, whatIfRows, type WhatIfStats } from './format.js';
export { parseChange, applyChanges, describeChange, CHANGE_SYNTAX, type CapacityChange } from './what_if_changes.js';
