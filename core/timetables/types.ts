// The shape every timetable shares: Airflow's Timetable protocol with "now" passed in
// (timetables/base.py), so a timetable is a pure function of its inputs.
import type { AssetCondition, Instant } from '../model/scenario.js';

export interface DataInterval { start: Instant; end: Instant }

export interface DagRunInfo {
  run_after: Instant;
  data_interval: DataInterval;
  /** Always data_interval.start, as in Airflow's DagRunInfo.logical_date. */
  logical_date: Instant;
}

export interface TimeRestriction {
  /** min(dag.start_date, task start_dates), or null. */
  earliest: Instant | null;
  /** dag.end_date, or null. */
  latest: Instant | null;
  catchup: boolean;
}

export interface Timetable {
  /** Airflow's class name, e.g. "CronTriggerTimetable". */
  readonly kind: string;
  /** Airflow's timetable.summary, e.g. "0 3 * * *", "@daily", "Asset", "None". */
  readonly summary: string;
  readonly can_be_scheduled: boolean;
  /** Backfill needs a periodic timetable (Null/Once/Continuous/Asset are not). */
  readonly periodic: boolean;
  readonly active_runs_limit: number | null;
  /** Set for AssetTriggeredTimetable and AssetOrTimeSchedule. */
  readonly asset_condition: AssetCondition | null;
  next_dagrun_info(last_automated_data_interval: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null;
  infer_manual_data_interval(run_after: Instant): DataInterval;
}

/** Raised for a schedule Airflow would refuse (AirflowTimetableInvalid); message as Airflow words it. */
export class TimetableInvalid extends Error {
  override name = 'TimetableInvalid';
}
