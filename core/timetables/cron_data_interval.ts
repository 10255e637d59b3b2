// CronDataIntervalTimetable (airflow/timetables/interval.py): each run covers the period between two
// cron ticks and is created at its end. Airflow 2's cron behaviour; Airflow 3 uses it for a plain
// cron string only when create_cron_data_intervals = True.
import type { Instant } from '../model/scenario.js';
import type { CronSchedule } from '../time/cron.js';
import { PeriodicTimetable } from './periodic_base.js';
import { timetableCron } from './cron_schedule.js';
import { dataIntervalNextDagrunInfo } from './data_interval_base.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

/**
 * Airflow's `AssertionError("next schedule shouldn't be earlier")` in _skip_to_latest, which 3.0/3.1
 * really raise in a few DST corners (e.g. @hourly in Australia/Lord_Howe, whose DST shift is 30 minutes,
 * for now in 15:35-16:00Z on 2024-10-05). Callers may catch it by class.
 */
export class ScheduleAssertionError extends Error {
  override name = 'AssertionError';
}

export class CronDataIntervalTimetable extends PeriodicTimetable<CronSchedule> implements Timetable {
  readonly kind = 'CronDataIntervalTimetable';

  /** Throws TimetableInvalid with croniter's message for a bad expression. */
  constructor(cron: string, timezone: string) {
    const schedule = timetableCron(cron, timezone);
    super(schedule, schedule.expression);
  }

  /**
   * _skip_to_latest (catchup=False): the newest period that has already ended by `now` — or, when
   * now sits exactly on a tick, the period starting at the previous tick — but never before the
   * aligned start_date.
   */
  skipToLatest(earliest: Instant | null, now: Instant): Instant {
    const s = this.schedule;
    const lastStart = s.getPrev(now);
    const nextStart = s.getNext(lastStart);
    let newStart: Instant;
    if (nextStart === now) newStart = lastStart;
    else if (nextStart > now) newStart = s.getPrev(lastStart);
    else throw new ScheduleAssertionError("next schedule shouldn't be earlier");
    return earliest === null ? newStart : Math.max(newStart, s.alignToNext(earliest));
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    return dataIntervalNextDagrunInfo(this.schedule, (e, n) => this.skipToLatest(e, n), last, restriction, now);
  }

  /** The last complete period before run_after (a run at 01:00 on the 25th gets [24th, 25th] for @daily). */
  infer_manual_data_interval(run_after: Instant): DataInterval {
    const end = this.schedule.alignToPrev(run_after);
    return { start: this.schedule.getPrev(end), end };
  }
}
