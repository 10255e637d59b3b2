// DeltaDataIntervalTimetable (airflow/timetables/interval.py): back-to-back periods of `delta`, each
// run created when its period ends. Without catchup, 3.0/3.1 round now down on a grid anchored at
// the Unix epoch (a relativedelta counted as 30-day months and 365-day years) and start one delta
// before that. Later Airflow anchors calendar deltas on start_date instead; not reproduced here.
import type { Duration, Instant } from '../model/scenario.js';
import { isCalendarDuration, relativeDeltaFields } from '../time/duration.js';
import { dataIntervalNextDagrunInfo } from './data_interval_base.js';
import { DeltaSchedule } from './delta_schedule.js';
import { PeriodicTimetable } from './periodic_base.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

/** _relativedelta_in_seconds (microseconds ignored), in ms. */
function relativeDeltaGridMs(d: Duration): number {
  const f = relativeDeltaFields(d);
  const seconds = f.years * 365 * 86400 + f.months * 30 * 86400 + f.days * 86400 + f.hours * 3600 + f.minutes * 60 + f.seconds;
  return seconds * 1000;
}

export class DeltaDataIntervalTimetable extends PeriodicTimetable<DeltaSchedule> implements Timetable {
  readonly kind = 'DeltaDataIntervalTimetable';
  private readonly gridMs: number;

  /** Throws TimetableInvalid for a delta that is not positive. */
  constructor(readonly delta: Duration) {
    const schedule = new DeltaSchedule(delta);
    super(schedule, schedule.summary);
    this.gridMs = isCalendarDuration(delta) ? relativeDeltaGridMs(delta) : delta.ms;
  }

  /** _round: now rounded down to a multiple of the delta since the epoch (Python's float %, floor semantics). */
  round(now: Instant): Instant {
    const g = this.gridMs;
    if (g === 0) throw new Error('float modulo'); // Python's ZeroDivisionError for a sub-second relativedelta
    return now - (((now % g) + g) % g);
  }

  /** _skip_to_latest: one delta before the rounded now, but not before start_date (no alignment). */
  skipToLatest(earliest: Instant | null, now: Instant): Instant {
    const newStart = this.schedule.getPrev(this.round(now));
    return earliest === null ? newStart : Math.max(newStart, earliest);
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    return dataIntervalNextDagrunInfo(this.schedule, (e, n) => this.skipToLatest(e, n), last, restriction, now);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return { start: this.schedule.getPrev(run_after), end: run_after };
  }
}
