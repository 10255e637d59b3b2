// OnceTimetable ("@once"): a single run at start_date, or at now without one; catchup plays no part.
import type { Instant } from '../model/scenario.js';
import { exactInfo, exactInterval } from './info.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

export class OnceTimetable implements Timetable {
  readonly kind = 'OnceTimetable';
  readonly summary = '@once';
  readonly can_be_scheduled = true;
  readonly periodic = false;
  readonly active_runs_limit = null;
  readonly asset_condition = null;

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    if (last !== null) return null; // already ran
    const runAfter = restriction.earliest ?? now;
    if (restriction.latest !== null && runAfter > restriction.latest) return null;
    return exactInfo(runAfter);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return exactInterval(run_after);
  }
}
