// A minimal stand-in for core/timetables/make_timetable, used by time_bridge.ts only while that module
// is missing. It validates what the parser needs (positive deltas, active_runs_limit); it never schedules.
import type { Duration, Instant, ScheduleSpec } from '../model/scenario.js';
import { TimetableInvalid, type Timetable } from '../timetables/types.js';

export function makeTimetable(spec: ScheduleSpec, opts: { timezone: string; create_cron_data_intervals: boolean }): Timetable {
  const kind = kindOf(spec, opts.create_cron_data_intervals);
  const positive = (d: Duration) => {
    if (d.months <= 0 && d.ms <= 0) throw new TimetableInvalid('schedule interval must be positive');
  };
  if (spec.kind === 'delta' || spec.kind === 'delta_trigger' || spec.kind === 'delta_data_interval') positive(spec.delta);
  const none = () => null;
  return {
    kind,
    summary: kind,
    can_be_scheduled: spec.kind !== 'null',
    periodic: !['null', 'once', 'continuous', 'assets'].includes(spec.kind),
    active_runs_limit: spec.kind === 'continuous' ? 1 : null,
    asset_condition: spec.kind === 'assets' || spec.kind === 'asset_or_time' ? spec.condition : null,
    next_dagrun_info: none,
    infer_manual_data_interval: (t: Instant) => ({ start: t, end: t }),
  };
}

function kindOf(spec: ScheduleSpec, dataIntervals: boolean): string {
  switch (spec.kind) {
    case 'null': return 'NullTimetable';
    case 'once': return 'OnceTimetable';
    case 'continuous': return 'ContinuousTimetable';
    case 'cron': return dataIntervals ? 'CronDataIntervalTimetable' : 'CronTriggerTimetable';
    case 'delta': return dataIntervals ? 'DeltaDataIntervalTimetable' : 'DeltaTriggerTimetable';
    case 'cron_trigger': return 'CronTriggerTimetable';
    case 'cron_data_interval': return 'CronDataIntervalTimetable';
    case 'delta_trigger': return 'DeltaTriggerTimetable';
    case 'delta_data_interval': return 'DeltaDataIntervalTimetable';
    case 'multiple_cron': return 'MultipleCronTriggerTimetable';
    case 'events': return 'EventsTimetable';
    case 'assets': return 'AssetTriggeredTimetable';
    case 'asset_or_time': return 'AssetOrTimeSchedule';
  }
}
