// _DataIntervalTimetable.next_dagrun_info (airflow/timetables/interval.py): each run covers one
// schedule period and is created when the period ends (run_after = interval end). Without catchup
// the start is pushed up to the latest complete period (skipToLatest); a last run that does not sit
// on the schedule (the schedule was changed) is re-aligned backwards.
import type { Instant } from '../model/scenario.js';
import { intervalInfo } from './info.js';
import type { TickSchedule } from './schedule.js';
import type { DagRunInfo, DataInterval, TimeRestriction } from './types.js';

export function dataIntervalNextDagrunInfo(
  schedule: TickSchedule,
  skipToLatest: (earliest: Instant | null, now: Instant) => Instant,
  last: DataInterval | null,
  restriction: TimeRestriction,
  now: Instant,
): DagRunInfo | null {
  let earliest = restriction.earliest;
  if (!restriction.catchup) earliest = skipToLatest(earliest, now);
  else if (earliest !== null) earliest = schedule.alignToNext(earliest);
  let start: Instant;
  if (last === null) {
    if (earliest === null) return null;
    start = earliest;
  } else {
    const aligned = schedule.alignToPrev(last.end);
    start = earliest !== null ? Math.max(aligned, earliest) : aligned;
  }
  if (restriction.latest !== null && start > restriction.latest) return null;
  return intervalInfo(start, schedule.getNext(start));
}
