// The parser's one door to core/time and core/timetables: every call is turned into a result value,
// so a helper that throws (or returns null/NaN for bad input) becomes a located error, never a crash.
import type { Duration, Instant, ScheduleSpec } from '../model/scenario.js';
import type { Timetable } from '../timetables/types.js';
import { parseInstant } from '../time/instant.js';
import { isValidTimeZone } from '../time/zone.js';
import { isCalendarDuration, parseDuration } from '../time/duration.js';
import { validateCron } from '../time/cron.js';
import { makeTimetable } from '../timetables/make_timetable.js';

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

function messageOf(e: unknown, fallback: string): string {
  if (e instanceof Error && e.message) return e.message;
  if (typeof e === 'string' && e) return e;
  return fallback;
}

export function readInstant(text: string, defaultTz: string): Result<Instant> {
  const fallback = `'${text}' is not an ISO 8601 instant (e.g. 2025-01-01 or 2025-01-01T00:00:00Z)`;
  try {
    const v: unknown = parseInstant(text, defaultTz);
    if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
    return { ok: false, message: fallback };
  } catch (e) {
    return { ok: false, message: messageOf(e, fallback) };
  }
}

export function readDuration(text: string): Result<Duration> {
  const fallback = `'${text}' is not an ISO 8601 duration (e.g. PT10M, P1D)`;
  try {
    const v: unknown = parseDuration(text);
    if (v && typeof v === 'object' && typeof (v as Duration).ms === 'number' && typeof (v as Duration).months === 'number') {
      return { ok: true, value: v as Duration };
    }
    return { ok: false, message: fallback };
  } catch (e) {
    return { ok: false, message: messageOf(e, fallback) };
  }
}

/** True for a relativedelta-style duration (written with years or months), where a timedelta is needed. */
export function isCalendar(d: Duration): boolean {
  try {
    return isCalendarDuration(d);
  } catch {
    return d.months !== 0;
  }
}

export function timeZoneValid(name: string): boolean {
  try {
    return isValidTimeZone(name) === true;
  } catch {
    return false;
  }
}

/** null when Airflow would accept the cron expression or preset, else why not. */
export function cronProblem(expr: string): string | null {
  try {
    const m: unknown = validateCron(expr);
    return typeof m === 'string' && m ? m : null;
  } catch (e) {
    return messageOf(e, `invalid cron expression '${expr}'`);
  }
}

export function buildTimetable(
  spec: ScheduleSpec,
  opts: { timezone: string; create_cron_data_intervals: boolean },
): Result<Timetable> {
  try {
    return { ok: true, value: makeTimetable(spec, opts) };
  } catch (e) {
    return { ok: false, message: messageOf(e, 'invalid schedule') };
  }
}
