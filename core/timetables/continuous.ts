// ContinuousTimetable ("@continuous"): the next run starts as soon as the previous one exists,
// covering [previous end, now]; at most one active run. In 3.0/3.1 (and 3.2) a DAG without a
// start_date never runs; falling back to now is later main-branch code.
import type { Instant } from '../model/scenario.js';
import { exactInterval, intervalInfo } from './info.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

export class ContinuousTimetable implements Timetable {
  readonly kind = 'ContinuousTimetable';
  readonly summary = '@continuous';
  readonly can_be_scheduled = true;
  readonly periodic = false;
  readonly active_runs_limit = 1;
  readonly asset_condition = null;

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    const earliest = restriction.earliest;
    if (earliest === null) return null;
    let start: Instant, end: Instant;
    if (last !== null) {
      if (last.end > now) {
        // The previous run was placed at a start_date still in the future: keep its length.
        start = earliest;
        end = start + (last.end - last.start);
      } else {
        start = last.end;
        end = now;
      }
    } else {
      start = earliest;
      end = Math.max(earliest, now);
    }
    if (restriction.latest !== null && end > restriction.latest) return null;
    return intervalInfo(start, end);
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return exactInterval(run_after);
  }
}
