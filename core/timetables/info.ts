// DagRunInfo / DataInterval constructors as in airflow/timetables/base.py.
import type { Instant } from '../model/scenario.js';
import type { DagRunInfo, DataInterval } from './types.js';

/** DataInterval.exact(t): an interval holding only the instant t. */
export function exactInterval(t: Instant): DataInterval {
  return { start: t, end: t };
}

/** DagRunInfo.exact(t): run at t over [t, t]. */
export function exactInfo(t: Instant): DagRunInfo {
  return { run_after: t, data_interval: { start: t, end: t }, logical_date: t };
}

/** DagRunInfo.interval(start, end): run once the interval has ended (run_after = end). */
export function intervalInfo(start: Instant, end: Instant): DagRunInfo {
  return { run_after: end, data_interval: { start, end }, logical_date: start };
}
