// The arithmetic both timetable families are built on (Airflow's CronMixin and DeltaMixin):
// next/previous tick and alignment. CronSchedule (core/time/cron.ts) and DeltaSchedule implement it.
import type { Instant } from '../model/scenario.js';

export interface TickSchedule {
  /** Timetable summary text of the schedule ("0 3 * * *", "1 day, 0:00:00"). */
  readonly summary: string;
  getNext(t: Instant): Instant;
  getPrev(t: Instant): Instant;
  alignToNext(t: Instant): Instant;
  alignToPrev(t: Instant): Instant;
}
