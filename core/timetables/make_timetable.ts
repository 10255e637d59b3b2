// schedule= → timetable, as the DAG constructor maps it (task-sdk dag.py _create_timetable): plain
// cron strings and deltas become trigger or data-interval timetables per
// [scheduler] create_cron_data_intervals. Invalid schedules throw TimetableInvalid with the
// message Airflow's validate() raises.
import type { ScheduleSpec } from '../model/scenario.js';
import { AssetOrTimeSchedule } from './asset_or_time.js';
import { AssetTriggeredTimetable } from './asset_triggered.js';
import { ContinuousTimetable } from './continuous.js';
import { CronDataIntervalTimetable } from './cron_data_interval.js';
import { CronTriggerTimetable } from './cron_trigger.js';
import { DeltaDataIntervalTimetable } from './delta_data_interval.js';
import { DeltaTriggerTimetable } from './delta_trigger.js';
import { EventsTimetable } from './events.js';
import { MultipleCronTriggerTimetable } from './multiple_cron.js';
import { NullTimetable } from './null.js';
import { OnceTimetable } from './once.js';
import type { Timetable } from './types.js';

export interface MakeTimetableOptions {
  /** The DAG's time zone (cron is evaluated on its wall clock). */
  timezone: string;
  /** [scheduler] create_cron_data_intervals: False in Airflow 3, True in Airflow 2. */
  create_cron_data_intervals: boolean;
}

export function makeTimetable(spec: ScheduleSpec, opts: MakeTimetableOptions): Timetable {
  switch (spec.kind) {
    case 'null': return new NullTimetable();
    case 'once': return new OnceTimetable();
    case 'continuous': return new ContinuousTimetable();
    case 'cron':
      // The DAG constructor checks these two strings before treating the text as cron.
      if (spec.cron === '@once') return new OnceTimetable();
      if (spec.cron === '@continuous') return new ContinuousTimetable();
      return opts.create_cron_data_intervals
        ? new CronDataIntervalTimetable(spec.cron, opts.timezone)
        : new CronTriggerTimetable(spec.cron, opts.timezone);
    case 'delta':
      return opts.create_cron_data_intervals ? new DeltaDataIntervalTimetable(spec.delta) : new DeltaTriggerTimetable(spec.delta);
    case 'cron_trigger':
      return new CronTriggerTimetable(spec.cron, opts.timezone, { interval: spec.interval, run_immediately: spec.run_immediately });
    case 'cron_data_interval': return new CronDataIntervalTimetable(spec.cron, opts.timezone);
    case 'delta_trigger': return new DeltaTriggerTimetable(spec.delta, { interval: spec.interval });
    case 'delta_data_interval': return new DeltaDataIntervalTimetable(spec.delta);
    case 'multiple_cron':
      return new MultipleCronTriggerTimetable(spec.crons, opts.timezone, { interval: spec.interval, run_immediately: spec.run_immediately });
    case 'events': return new EventsTimetable(spec.events, spec.restrict_to_events);
    case 'assets': return new AssetTriggeredTimetable(spec.condition);
    case 'asset_or_time': return new AssetOrTimeSchedule(spec.condition, makeTimetable(spec.timetable, opts));
  }
}
