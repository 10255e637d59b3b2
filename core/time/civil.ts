// Proleptic Gregorian calendar arithmetic on epoch milliseconds, with no Date object: a "local ms"
// value is a wall-clock reading stored as if it were UTC, which is how croniter sees naive times.

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** A wall-clock reading without a time zone (Python's naive datetime, millisecond precision). */
export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm; exact for any year). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil, written into `out` as [year, month, day] to avoid allocation in hot loops. */
export function civilFromDays(days: number, out: number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400;
  out[1] = m;
  out[2] = d;
}

/** 0 = Sunday … 6 = Saturday, as croniter numbers days of the week. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function wallFromMs(ms: number): WallClock {
  const days = Math.floor(ms / MS_PER_DAY);
  const ymd = [0, 0, 0];
  civilFromDays(days, ymd);
  let rest = ms - days * MS_PER_DAY;
  const hour = Math.floor(rest / MS_PER_HOUR);
  rest -= hour * MS_PER_HOUR;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / 1000);
  return { year: ymd[0]!, month: ymd[1]!, day: ymd[2]!, hour, minute, second, millisecond: rest - second * 1000 };
}

export function msFromWall(w: WallClock): number {
  return daysFromCivil(w.year, w.month, w.day) * MS_PER_DAY
    + w.hour * MS_PER_HOUR + w.minute * MS_PER_MINUTE + w.second * 1000 + w.millisecond;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** "YYYY-MM-DDTHH:MM:SS" of a wall clock; years outside 0-9999 use ISO's signed 6-digit form. */
export function formatWallDateTime(w: WallClock): string {
  const y = w.year >= 0 && w.year <= 9999 ? pad(w.year, 4) : (w.year < 0 ? '-' : '+') + pad(Math.abs(w.year), 6);
  return `${y}-${pad(w.month, 2)}-${pad(w.day, 2)}T${pad(w.hour, 2)}:${pad(w.minute, 2)}:${pad(w.second, 2)}`;
}
