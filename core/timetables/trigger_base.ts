// _TriggerTimetable.next_dagrun_info (airflow/timetables/trigger.py): a run fires at each tick T and
// covers [T - interval, T], so logical_date = T - interval. Without catchup the newest tick at or
// before now wins over older ones; the first run without a start_date comes from calcFirstRun.
import type { Duration, Instant } from '../model/scenario.js';
import { subDuration } from '../time/duration.js';
import { intervalInfo } from './info.js';
import type { TickSchedule } from './schedule.js';
import type { DagRunInfo, DataInterval, TimeRestriction } from './types.js';

export function triggerNextDagrunInfo(
  schedule: TickSchedule,
  interval: Duration,
  calcFirstRun: (now: Instant) => Instant,
  last: DataInterval | null,
  restriction: TimeRestriction,
  now: Instant,
): DagRunInfo | null {
  let next: Instant;
  if (restriction.catchup) {
    if (last !== null) next = schedule.getNext(last.end);
    else if (restriction.earliest === null) next = calcFirstRun(now);
    else next = schedule.alignToNext(restriction.earliest);
  } else {
    next = schedule.alignToPrev(now);
    if (last !== null) next = Math.max(next, schedule.getNext(last.end));
    else if (restriction.earliest === null) next = Math.max(next, calcFirstRun(now)); // run_immediately applies only without a start_date
    if (restriction.earliest !== null) next = Math.max(next, schedule.alignToNext(restriction.earliest));
  }
  if (restriction.latest !== null && restriction.latest < next) return null;
  return intervalInfo(subDuration(next, interval), next);
}

/** _TriggerTimetable.infer_manual_data_interval: [run_after - interval, run_after]. */
export function triggerManualInterval(interval: Duration, runAfter: Instant): DataInterval {
  return { start: subDuration(runAfter, interval), end: runAfter };
}
