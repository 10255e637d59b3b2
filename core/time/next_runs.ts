// A preview of the runs a schedule would create, computed the way the scheduler does: ask the
// timetable for the next run after the previous one's data interval, starting from none. Used by
// `windtunnel next-runs` and the UI. Without catchup, "now" follows the preview forward so that
// each row is what the scheduler would create once the previous run's time has come.
import type { Instant, ScheduleSpec } from '../model/scenario.js';
import { makeTimetable } from '../timetables/make_timetable.js';
import { scheduleSpecFromText } from '../timetables/schedule_text.js';
import type { DataInterval, TimeRestriction } from '../timetables/types.js';
import { parseInstant } from './instant.js';
import { offsetAt } from './zone.js';

export interface NextRunsOptions {
  spec: ScheduleSpec;
  timezone: string;
  create_cron_data_intervals: boolean;
  start_date: Instant | null;
  end_date?: Instant | null;
  catchup: boolean;
  now: Instant;
  n: number;
}

export interface NextRunRow {
  logical_date: Instant;
  data_interval_start: Instant;
  data_interval_end: Instant;
  run_after: Instant;
  /** UTC offset of run_after in the DAG's time zone, in minutes (e.g. 120 for CEST). */
  utc_offset_minutes: number;
  /** The offset differs from the previous row's, or the data interval spans an offset change. */
  dst_shift: boolean;
}

/** The same preview from text (CLI/UI): schedule as one string, instants as ISO text or epoch ms. */
export interface NextRunsTextOptions {
  schedule: string;
  timezone?: string;
  create_cron_data_intervals?: boolean;
  start_date?: string | Instant | null;
  end_date?: string | Instant | null;
  catchup?: boolean;
  now: string | Instant;
  n?: number;
}

/**
 * Up to `n` upcoming runs. Throws TimetableInvalid for a schedule Airflow would refuse. Accepts the
 * text form too (a `schedule` string instead of `spec`), for callers holding raw user input.
 */
export function nextRuns(options: NextRunsOptions | NextRunsTextOptions): NextRunRow[] {
  const o = 'spec' in options ? options : fromText(options);
  const timetable = makeTimetable(o.spec, { timezone: o.timezone, create_cron_data_intervals: o.create_cron_data_intervals });
  if (!timetable.can_be_scheduled) return [];
  const restriction: TimeRestriction = { earliest: o.start_date, latest: o.end_date ?? null, catchup: o.catchup };
  const rows: NextRunRow[] = [];
  const offsetMinutes = (t: Instant): number => Math.round(offsetAt(t, o.timezone) / 60_000);
  let last: DataInterval | null = null;
  let now = o.now;
  while (rows.length < o.n) {
    const info = timetable.next_dagrun_info(last, restriction, now);
    if (info === null) break;
    const prev = rows[rows.length - 1];
    // A timetable that proposes the same run again (e.g. @continuous with a frozen clock) has no further preview.
    if (prev && prev.logical_date === info.logical_date && prev.data_interval_end === info.data_interval.end) break;
    const offset = offsetMinutes(info.run_after);
    const spansShift = offsetMinutes(info.data_interval.start) !== offsetMinutes(info.data_interval.end);
    rows.push({
      logical_date: info.logical_date,
      data_interval_start: info.data_interval.start,
      data_interval_end: info.data_interval.end,
      run_after: info.run_after,
      utc_offset_minutes: offset,
      dst_shift: spansShift || (prev !== undefined && prev.utc_offset_minutes !== offset),
    });
    last = info.data_interval;
    if (!o.catchup) now = Math.max(now, info.run_after);
  }
  return rows;
}

function fromText(t: NextRunsTextOptions): NextRunsOptions {
  const timezone = t.timezone ?? 'UTC';
  const instant = (v: string | Instant | null | undefined): Instant | null =>
    v === null || v === undefined ? null : typeof v === 'number' ? v : parseInstant(v, timezone);
  const now = instant(t.now);
  if (now === null) throw new Error('next-runs needs "now"');
  return {
    spec: scheduleSpecFromText(t.schedule),
    timezone,
    create_cron_data_intervals: t.create_cron_data_intervals ?? false,
    start_date: instant(t.start_date),
    end_date: instant(t.end_date),
    catchup: t.catchup ?? false,
    now,
    n: t.n ?? 10,
  };
}
