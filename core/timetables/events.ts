// EventsTimetable (airflow/timetables/events.py): runs at listed instants. Without catchup nothing
// before now is run: the earliest bound becomes now, and the next event at or after it runs.
import type { Instant } from '../model/scenario.js';
import { exactInfo, exactInterval } from './info.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';

export class EventsTimetable implements Timetable {
  readonly kind = 'EventsTimetable';
  /** "<n> events" (duplicates counted, as Airflow's len(event_dates) does). */
  readonly summary: string;
  readonly can_be_scheduled = true;
  readonly periodic = true;
  readonly active_runs_limit = null;
  readonly asset_condition = null;
  readonly events: readonly Instant[];

  constructor(events: readonly Instant[], readonly restrict_to_events = false) {
    this.events = [...events].sort((a, b) => a - b);
    this.summary = `${this.events.length} events`;
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    let earliest = restriction.earliest;
    if (!restriction.catchup && (earliest === null || now > earliest)) earliest = now;
    const next = this.events.find((e) => !(earliest !== null && e < earliest) && !(last !== null && e <= last.end));
    if (next === undefined) return null;
    if (restriction.latest !== null && next > restriction.latest) return null;
    return exactInfo(next);
  }

  /** exact(run_after), or with restrict_to_events the latest event at or before it (else the first event). */
  infer_manual_data_interval(run_after: Instant): DataInterval {
    if (!this.restrict_to_events || this.events.length === 0) return exactInterval(run_after);
    if (run_after < this.events[0]!) return exactInterval(this.events[0]!);
    for (let i = this.events.length - 1; i >= 0; i--) {
      if (this.events[i]! <= run_after) return exactInterval(this.events[i]!);
    }
    return exactInterval(run_after); // unreachable: the first event is <= run_after here
  }
}
