// DeltaTriggerTimetable (airflow/timetables/trigger.py): runs every `delta` after the previous run
// (not on a grid); without a start_date or catchup the first run is now itself. Airflow 3's default
// for a timedelta schedule (create_cron_data_intervals = False).
import type { Duration, Instant } from '../model/scenario.js';
import { ZERO_DURATION } from '../time/duration.js';
import { DeltaSchedule } from './delta_schedule.js';
import { PeriodicTimetable } from './periodic_base.js';
import { triggerManualInterval, triggerNextDagrunInfo } from './trigger_base.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

export class DeltaTriggerTimetable extends PeriodicTimetable<DeltaSchedule> implements Timetable {
  readonly kind = 'DeltaTriggerTimetable';
  readonly interval: Duration;

  /** Throws TimetableInvalid for a delta that is not positive. */
  constructor(delta: Duration, options: { interval?: Duration } = {}) {
    const schedule = new DeltaSchedule(delta);
    super(schedule, schedule.summary);
    this.interval = options.interval ?? ZERO_DURATION;
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    // _calc_first_run = _align_to_prev(now) = now: deltas have no grid.
    return triggerNextDagrunInfo(this.schedule, this.interval, (n) => n, last, restriction, now);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return triggerManualInterval(this.interval, run_after);
  }
}
