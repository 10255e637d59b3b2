// AssetTriggeredTimetable (schedule=<assets>): never proposes a time-based run; runs come from asset
// events (the scheduler's asset queue). Manual runs get exact(run_after).
import type { AssetCondition, Instant } from '../model/scenario.js';
import { exactInterval } from './info.js';
import type { DagRunInfo, DataInterval, Timetable } from './types.js';

export class AssetTriggeredTimetable implements Timetable {
  readonly kind = 'AssetTriggeredTimetable';
  readonly summary = 'Asset';
  // Airflow leaves can_be_scheduled at the base default (True); next_dagrun_info is simply None.
  readonly can_be_scheduled = true;
  readonly periodic = false;
  readonly active_runs_limit = null;

  constructor(readonly asset_condition: AssetCondition) {}

  next_dagrun_info(): DagRunInfo | null {
    return null;
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return exactInterval(run_after);
  }
}
