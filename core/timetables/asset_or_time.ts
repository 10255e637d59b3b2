// AssetOrTimeSchedule (airflow/timetables/assets.py): asset-triggered runs plus the runs of a
// time-based timetable, to which everything time-related is delegated.
import type { AssetCondition, Instant } from '../model/scenario.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';
import { TimetableInvalid } from './types.js';

export class AssetOrTimeSchedule implements Timetable {
  readonly kind = 'AssetOrTimeSchedule';
  readonly summary: string;
  readonly can_be_scheduled: boolean;
  readonly periodic: boolean;
  readonly active_runs_limit: number | null;

  /** Throws TimetableInvalid("cannot nest asset timetables") when `timetable` is itself asset-based. */
  constructor(readonly asset_condition: AssetCondition, readonly timetable: Timetable) {
    if (timetable.kind === 'AssetTriggeredTimetable' || timetable.kind === 'AssetOrTimeSchedule') {
      throw new TimetableInvalid('cannot nest asset timetables');
    }
    this.summary = `Asset or ${timetable.summary}`;
    this.can_be_scheduled = timetable.can_be_scheduled;
    this.periodic = timetable.periodic;
    this.active_runs_limit = timetable.active_runs_limit;
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    return this.timetable.next_dagrun_info(last, restriction, now);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return this.timetable.infer_manual_data_interval(run_after);
  }
}
