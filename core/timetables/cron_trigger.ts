// CronTriggerTimetable (airflow/timetables/trigger.py): runs at each cron tick, the data interval
// being [tick - interval, tick] (interval 0 by default, so logical_date = run_after = the tick).
// Airflow 3's default for a plain cron string (create_cron_data_intervals = False).
import type { Duration, Instant } from '../model/scenario.js';
import type { CronSchedule } from '../time/cron.js';
import { PeriodicTimetable } from './periodic_base.js';
import { isCalendarDuration, ZERO_DURATION } from '../time/duration.js';
import { timetableCron } from './cron_schedule.js';
import { triggerManualInterval, triggerNextDagrunInfo } from './trigger_base.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

/** Five minutes: the floor of the run_immediately buffer. */
const MIN_BUFFER_MS = 5 * 60_000;

export interface CronTriggerOptions {
  interval?: Duration;
  /** true: run the latest past tick; false (default): the 10%-or-5-minutes rule; a timedelta: that buffer. */
  run_immediately?: boolean | Duration;
}

export class CronTriggerTimetable extends PeriodicTimetable<CronSchedule> implements Timetable {
  readonly kind = 'CronTriggerTimetable';
  readonly interval: Duration;
  readonly run_immediately: boolean | Duration;

  /** Throws TimetableInvalid with croniter's message for a bad expression. */
  constructor(cron: string, timezone: string, options: CronTriggerOptions = {}) {
    const schedule = timetableCron(cron, timezone);
    super(schedule, schedule.expression);
    this.interval = options.interval ?? ZERO_DURATION;
    this.run_immediately = options.run_immediately ?? false;
  }

  /**
   * _calc_first_run (only used when there is no start_date): the latest past tick if run_immediately
   * is True, or if now is within the buffer after it; otherwise the next tick. The buffer is the
   * given timedelta, else max(10% of the gap between the two ticks, 5 minutes) — for False too.
   */
  calcFirstRun(now: Instant): Instant {
    const past = this.schedule.alignToPrev(now);
    const next = this.schedule.alignToNext(now);
    const ri = this.run_immediately;
    if (ri === true) return past;
    const toPast = now - past;
    let within: boolean;
    if (typeof ri === 'object' && !isCalendarDuration(ri)) within = toPast <= ri.ms;
    else within = toPast <= MIN_BUFFER_MS || toPast * 10 <= next - past; // toPast <= max(gap / 10, 5 min)
    return within ? past : next;
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    return triggerNextDagrunInfo(this.schedule, this.interval, (n) => this.calcFirstRun(n), last, restriction, now);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return triggerManualInterval(this.interval, run_after);
  }
}
