// Instants (epoch ms, UTC): parsing the scenario's ISO 8601 text and printing it back, both in
// Windtunnel's output form ("...Z") and in Python's datetime.isoformat(), which run_ids embed.
import { daysInMonth, formatWallDateTime, msFromWall, wallFromMs, type WallClock } from './civil.js';
import { fromWallClock, isValidTimeZone } from './zone.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, 'T' (or a space, as YAML and Python print it), time with optional seconds and fraction,
// then an optional offset: Z, ±HH:MM, ±HHMM or ±HH.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function fail(text: string, why: string): never {
  throw new Error(`invalid instant '${text}': ${why} (expected ISO 8601 such as 2025-01-01T00:00:00Z, 2025-03-30T02:30:00+02:00 or 2025-01-01)`);
}

function checkDate(text: string, y: number, m: number, d: number): void {
  if (m < 1 || m > 12) fail(text, `month ${m} is out of range`);
  if (d < 1 || d > daysInMonth(y, m)) fail(text, `day ${d} is out of range for ${y}-${String(m).padStart(2, '0')}`);
}

/** True when `text` is a date-time without an offset or Z (read in the default time zone). */
export function isNaiveDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text.trim());
  return m !== null && m[8] === undefined && m[9] === undefined;
}

/**
 * Parse an instant: with an offset or Z it is exact; a plain date is midnight UTC; a naive
 * date-time is read in `defaultTz` (a repeated wall time takes its second occurrence and a
 * skipped one moves forward, as Airflow's make_aware does). Sub-millisecond digits are dropped.
 */
export function parseInstant(text: string, defaultTz: string): number {
  const s = text.trim();
  const dm = DATE_ONLY.exec(s);
  if (dm) {
    const y = Number(dm[1]), mo = Number(dm[2]), d = Number(dm[3]);
    checkDate(s, y, mo, d);
    return msFromWall({ year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, millisecond: 0 });
  }
  const m = DATE_TIME.exec(s);
  if (!m) fail(s, 'not a date or date-time');
  const w: WallClock = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]),
    millisecond: m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3)),
  };
  checkDate(s, w.year, w.month, w.day);
  if (w.hour > 23) fail(s, `hour ${w.hour} is out of range`);
  if (w.minute > 59) fail(s, `minute ${w.minute} is out of range`);
  if (w.second > 59) fail(s, `second ${w.second} is out of range`);
  if (m[8] !== undefined) return msFromWall(w);
  if (m[9] !== undefined) {
    const oh = Number(m[10]), om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) fail(s, 'offset is out of range');
    const offset = (oh * 60 + om) * 60_000 * (m[9] === '-' ? -1 : 1);
    return msFromWall(w) - offset;
  }
  if (!isValidTimeZone(defaultTz)) throw new Error(`unknown time zone '${defaultTz}' for the naive instant '${s}'`);
  return fromWallClock(w, defaultTz);
}

/** An output instant ("2025-01-01T00:00:00Z") or null as epoch ms (imported histories, what-ifs). */
export function outputInstantMs(s: string | null): number | null {
  return s === null ? null : parseInstant(s, 'UTC');
}

/** Windtunnel's output form: "2025-01-01T00:00:00Z", with ".500" only when milliseconds are non-zero. */
export function formatInstant(ms: number): string {
  const w = wallFromMs(ms);
  const base = formatWallDateTime(w);
  return w.millisecond === 0 ? `${base}Z` : `${base}.${String(w.millisecond).padStart(3, '0')}Z`;
}

/**
 * Python's datetime.isoformat() of an aware UTC datetime: "2025-01-01T00:00:00+00:00", and
 * microseconds ("...00.500000+00:00") only when non-zero. Airflow puts this text in run_ids.
 */
export function pythonIsoformat(ms: number): string {
  const w = wallFromMs(ms);
  const base = formatWallDateTime(w);
  return w.millisecond === 0 ? `${base}+00:00` : `${base}.${String(w.millisecond).padStart(3, '0')}000+00:00`;
}
