// What every periodic timetable shares, as Airflow's CronMixin and DeltaMixin give it to both the
// trigger and the data-interval classes (airflow/timetables/_cron.py, _delta.py): one schedule of
// ticks and its summary; always schedulable, no active-runs limit, no asset condition.
export abstract class PeriodicTimetable<S> {
  readonly can_be_scheduled = true;
  readonly periodic = true;
  readonly active_runs_limit = null;
  readonly asset_condition = null;

  constructor(readonly schedule: S, readonly summary: string) {}
}
