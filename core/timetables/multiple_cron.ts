// MultipleCronTriggerTimetable (airflow/timetables/trigger.py): one CronTriggerTimetable per
// expression, all asked the same question; with catchup the earliest proposal wins, without it the
// latest proposal at or before now, else the earliest future one. Ties keep the first expression,
// so at most one run happens per instant.
import type { Duration, Instant } from '../model/scenario.js';
import { CronTriggerTimetable, type CronTriggerOptions } from './cron_trigger.js';
import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './types.js';
import { TimetableInvalid } from './types.js';

export class MultipleCronTriggerTimetable implements Timetable {
  readonly kind = 'MultipleCronTriggerTimetable';
  readonly summary: string;
  readonly can_be_scheduled = true;
  readonly periodic = true;
  readonly active_runs_limit = null;
  readonly asset_condition = null;
  readonly timetables: readonly CronTriggerTimetable[];

  /** Throws TimetableInvalid for no expressions ("cron expression required") or a bad one. */
  constructor(crons: readonly string[], timezone: string, options: CronTriggerOptions & { interval?: Duration } = {}) {
    if (crons.length === 0) throw new TimetableInvalid('cron expression required');
    this.timetables = crons.map((c) => new CronTriggerTimetable(c, timezone, options));
    this.summary = this.timetables.map((t) => t.summary).join(', ');
  }

  next_dagrun_info(last: DataInterval | null, restriction: TimeRestriction, now: Instant): DagRunInfo | null {
    // min(infos, key=...): None sorts last (inf); the first minimum wins.
    const key = restriction.catchup
      ? (ld: number) => ld
      : (ld: number) => (ld <= now ? -ld : ld);
    let best: DagRunInfo | null = null;
    let bestKey = Infinity;
    for (const t of this.timetables) {
      const info = t.next_dagrun_info(last, restriction, now);
      if (info === null) continue;
      const k = key(info.logical_date);
      if (best === null || k < bestKey) { best = info; bestKey = k; }
    }
    return best;
  }

  /** The candidate interval with the earliest start. */
  infer_manual_data_interval(run_after: Instant): DataInterval {
    let best: DataInterval | null = null;
    for (const t of this.timetables) {
      const i = t.infer_manual_data_interval(run_after);
      if (best === null || i.start < best.start) best = i;
    }
    return best!;
  }
}
