// NullTimetable (schedule=None, Airflow 3's default): never schedules; manual runs only.
import type { Instant } from '../model/scenario.js';
import { exactInterval } from './info.js';
import type { DagRunInfo, DataInterval, Timetable } from './types.js';

export class NullTimetable implements Timetable {
  readonly kind = 'NullTimetable';
  readonly summary = 'None';
  readonly can_be_scheduled = false;
  readonly periodic = false;
  readonly active_runs_limit = null;
  readonly asset_condition = null;

  next_dagrun_info(): DagRunInfo | null {
    return null;
  }

  infer_manual_data_interval(run_after: Instant): DataInterval {
    return exactInterval(run_after);
  }
}
