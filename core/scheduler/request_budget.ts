// Work budgets for REST requests against a long-lived simulation (`windtunnel serve`): how many
// runs one request may create, and how many runs and asset events the simulation may hold. Real
// Airflow has no such limits (a database absorbs a year of minutely backfill runs); a single
// in-memory process does not, so a request past a budget is refused before any work is done,
// with a message that says which limit and how to stay under it (issue 18).
import type { Instant } from '../model/scenario.js';
import type { DagRecord } from './state/records.js';

export interface RequestBudget {
  /** Most dag runs one request may create (a backfill's logical dates, counted before creating any). */
  maxRunsPerRequest: number;
  /** Most dag runs, and most asset events, the simulation holds; past it, requests that add are refused. */
  maxRunsHeld: number;
}

/**
 * How many logical dates a backfill of `dag` from..to would cover at `now` (its timetable with
 * catchup on, only intervals that have ended), counting no further than `cap`: refusing a year of
 * minutely runs costs `cap` timetable steps, not 525,600.
 */
export function countBackfillDates(dag: DagRecord, from: Instant, to: Instant, now: Instant, cap: number): number {
  const restriction = { earliest: from, latest: to, catchup: true };
  let n = 0;
  let info = dag.timetable.next_dagrun_info(null, restriction, now);
  // Intervals only move forward: the first one not yet ended ends the count.
  while (info && n < cap && info.data_interval.end < now) {
    n++;
    const next = dag.timetable.next_dagrun_info(info.data_interval, restriction, now);
    if (!next || next.logical_date <= info.logical_date) break;
    info = next;
  }
  return n;
}

/** A backfill larger than one request may make: 422, the shape Airflow's backfill refusals have. */
export const backfillTooLarge = (dates: number, limit: number) => ({
  status: 422,
  body: {
    detail: `Windtunnel serve refuses backfills of more than ${limit} dag runs per request (this one has ${dates >= limit + 1 ? `more than ${limit}` : dates}): ` +
      'split the date range into smaller backfills, or start serve with a larger --max-runs-per-request',
  },
});

/** The simulation holds as many runs (or asset events) as it may: 507 Insufficient Storage. */
export const runsHeldFull = (what: 'dag runs' | 'asset events', held: number, adding: number, limit: number) => ({
  status: 507,
  body: {
    detail: `Windtunnel serve holds at most ${limit} ${what} (it holds ${held}${adding > 1 ? `; this request would add ${adding}` : ''}): ` +
      'restart serve (--save-state keeps what happened), or start it with a larger --max-runs',
  },
});
