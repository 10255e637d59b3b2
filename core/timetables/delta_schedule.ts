// DeltaMixin (airflow/timetables/_delta.py): next = t + delta, prev = t - delta, in UTC; every
// instant is aligned. validate() refuses a delta that does not move time forward.
import type { Duration, Instant } from '../model/scenario.js';
import { addDuration, formatPythonDelta, isPositive, pythonDeltaStr, subDuration } from '../time/duration.js';
import type { TickSchedule } from './schedule.js';
import { TimetableInvalid } from './types.js';

export class DeltaSchedule implements TickSchedule {
  readonly summary: string;

  /** Throws TimetableInvalid("schedule interval must be positive, not …") as validate() does. */
  constructor(readonly delta: Duration) {
    if (!isPositive(delta)) throw new TimetableInvalid(`schedule interval must be positive, not ${formatPythonDelta(delta)}`);
    this.summary = pythonDeltaStr(delta);
  }

  getNext(t: Instant): Instant { return addDuration(t, this.delta); }
  getPrev(t: Instant): Instant { return subDuration(t, this.delta); }
  alignToNext(t: Instant): Instant { return t; }
  alignToPrev(t: Instant): Instant { return t; }
}
