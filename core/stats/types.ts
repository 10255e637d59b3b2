// The capacity figures of a run (`windtunnel stats`, the app's capacity charts, exports): what a
// platform team asks of a deployment over simulated time. Plain JSON, numbers in seconds or counts.

/** Nearest-rank percentiles of a set of delays, in seconds; all null when there is no sample. */
export interface DelayFigures {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** A step function over the clock, cut into buckets: its time-weighted mean and its peak in each. */
export interface BucketSeries {
  mean: number[];
  max: number[];
}

export interface PoolStats {
  pool: string;
  /** The pool's size; null when the source does not say (an imported history without a scenario). */
  slots: number | null;
  /** Slots held by running task instances (pool_slots each). */
  used: BucketSeries;
  /** Task instances ready to run (scheduled) that wait for a slot of this pool. */
  queued_tis: BucketSeries;
  /** Ready → started, per task instance try that started in the window. */
  task_delay: DelayFigures;
  /** Per bucket (by start instant): p50, p90 and max of task_delay, null for an empty bucket. */
  task_delay_series: DelaySeries;
}

export interface DelaySeries {
  p50: Array<number | null>;
  p90: Array<number | null>;
  max: Array<number | null>;
}

export interface DagStats {
  dag_id: string;
  runs: number;
  task_delay: DelayFigures;
  run_delay: DelayFigures;
}

export interface Stats {
  windtunnel: 1;
  scenario: string;
  clock: { start: string; end: string };
  /** The bucket size (ISO 8601 duration) and its milliseconds. */
  bucket: string;
  bucket_ms: number;
  /** Each bucket's start instant. */
  times: string[];
  pools: PoolStats[];
  total: {
    /** core.parallelism: the executor's task slots; null when unknown. */
    slots: number | null;
    used: BucketSeries;
    queued_tis: BucketSeries;
    queued_runs: BucketSeries;
    running_runs: BucketSeries;
    task_delay: DelayFigures;
    run_delay: DelayFigures;
    task_delay_series: DelaySeries;
    run_delay_series: DelaySeries;
  };
  dags: DagStats[];
  /** How the figures were read (what the source lacks), in words. */
  notes: string[];
}
