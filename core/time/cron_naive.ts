// croniter's get_next/get_prev on a naive wall clock: the first matching minute strictly after, or
// the last one strictly before, a "local ms" value. Pure arithmetic over the expanded value sets
// (no Date, no Intl), because the scheduler asks this many times per simulated hour.
import { civilFromDays, daysFromCivil, daysInMonth, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, weekdayOfDays } from './civil.js';
import type { CronField, CronFields } from './cron_fields.js';

/** croniter gives up after this many years without a match (max_years_between_matches). */
const MAX_YEARS = 50;

export class CronNotFound extends Error {
  override name = 'CronNotFound';
}

/** Lookup tables over one compiled expression. */
export class NaiveCron {
  private readonly months: boolean[];
  /** nextHour[h]: first allowed hour >= h, or -1; prevHour[h]: last allowed hour <= h, or -1. */
  private readonly nextHour: Int8Array;
  private readonly prevHour: Int8Array;
  private readonly nextMinute: Int8Array;
  private readonly prevMinute: Int8Array;
  private readonly ymd = [0, 0, 0];

  constructor(private readonly f: CronFields) {
    this.months = expandAll(f.month, 12);
    const hours = expandAll(f.hour, 23);
    const minutes = expandAll(f.minute, 59);
    this.nextHour = forwardTable(hours);
    this.prevHour = backwardTable(hours);
    this.nextMinute = forwardTable(minutes);
    this.prevMinute = backwardTable(minutes);
  }

  /** croniter's day test: day-of-month OR day-of-week when both are restricted, else whichever is. */
  private dayMatches(y: number, m: number, d: number, days: number): boolean {
    const f = this.f;
    if (f.dom.star && f.dow.star) return true;
    if (f.dow.star) return this.domMatches(y, m, d);
    if (f.dom.star) return this.dowMatches(y, m, d, days);
    return this.domMatches(y, m, d) || this.dowMatches(y, m, d, days);
  }

  private domMatches(y: number, m: number, d: number): boolean {
    const dom = this.f.dom;
    return dom.allowed[d] === true || (dom.last && d === daysInMonth(y, m));
  }

  private dowMatches(y: number, m: number, d: number, days: number): boolean {
    const wd = weekdayOfDays(days);
    if (this.f.nth.size === 0) return this.f.dow.allowed[wd] === true;
    const wanted = this.f.nth.get(wd);
    if (!wanted) return false;
    if (wanted.has(Math.floor((d - 1) / 7) + 1)) return true;
    return wanted.has('l') && d + 7 > daysInMonth(y, m);
  }

  /** First matching minute strictly after `local` (croniter: add a minute, drop seconds). */
  next(local: number): number {
    let day = Math.floor(local / MS_PER_DAY);
    let minuteOfDay = Math.floor((local - day * MS_PER_DAY) / MS_PER_MINUTE) + 1;
    if (minuteOfDay === 1440) { day++; minuteOfDay = 0; }
    let h = Math.floor(minuteOfDay / 60);
    let mi = minuteOfDay - h * 60;
    const ymd = this.ymd;
    civilFromDays(day, ymd);
    const limitYear = ymd[0]! + MAX_YEARS;
    for (;;) {
      civilFromDays(day, ymd);
      const y = ymd[0]!, m = ymd[1]!, d = ymd[2]!;
      if (y > limitYear) throw new CronNotFound('failed to find next date');
      if (!this.months[m]) {
        let ny = y, nm = m + 1;
        while (true) {
          if (nm > 12) { nm = 1; ny++; }
          if (this.months[nm]) break;
          nm++;
        }
        day = daysFromCivil(ny, nm, 1); h = 0; mi = 0;
        continue;
      }
      if (!this.dayMatches(y, m, d, day)) { day++; h = 0; mi = 0; continue; }
      const nh = this.nextHour[h]!;
      if (nh < 0) { day++; h = 0; mi = 0; continue; }
      if (nh !== h) { h = nh; mi = 0; }
      const nm = this.nextMinute[mi]!;
      if (nm < 0) {
        h++; mi = 0;
        if (h === 24) { day++; h = 0; }
        continue;
      }
      return day * MS_PER_DAY + h * MS_PER_HOUR + nm * MS_PER_MINUTE;
    }
  }

  /** Last matching minute strictly before `local` (croniter: subtract a microsecond, drop seconds). */
  prev(local: number): number {
    const start = Math.ceil(local / MS_PER_MINUTE) * MS_PER_MINUTE - MS_PER_MINUTE;
    let day = Math.floor(start / MS_PER_DAY);
    const minuteOfDay = (start - day * MS_PER_DAY) / MS_PER_MINUTE;
    let h = Math.floor(minuteOfDay / 60);
    let mi = minuteOfDay - h * 60;
    const ymd = this.ymd;
    civilFromDays(day, ymd);
    const limitYear = ymd[0]! - MAX_YEARS;
    for (;;) {
      civilFromDays(day, ymd);
      const y = ymd[0]!, m = ymd[1]!, d = ymd[2]!;
      if (y < limitYear) throw new CronNotFound('failed to find prev date');
      if (!this.months[m]) {
        let py = y, pm = m - 1;
        while (true) {
          if (pm < 1) { pm = 12; py--; }
          if (this.months[pm]) break;
          pm--;
        }
        day = daysFromCivil(py, pm, daysInMonth(py, pm)); h = 23; mi = 59;
        continue;
      }
      if (!this.dayMatches(y, m, d, day)) { day--; h = 23; mi = 59; continue; }
      const ph = this.prevHour[h]!;
      if (ph < 0) { day--; h = 23; mi = 59; continue; }
      if (ph !== h) { h = ph; mi = 59; }
      const pm = this.prevMinute[mi]!;
      if (pm < 0) {
        h--; mi = 59;
        if (h < 0) { day--; h = 23; }
        continue;
      }
      return day * MS_PER_DAY + h * MS_PER_HOUR + pm * MS_PER_MINUTE;
    }
  }
}

function expandAll(field: CronField, hi: number): boolean[] {
  const out = new Array<boolean>(hi + 1).fill(false);
  for (let v = 0; v <= hi; v++) out[v] = field.star || field.allowed[v] === true;
  return out;
}

function forwardTable(allowed: boolean[]): Int8Array {
  const t = new Int8Array(allowed.length);
  let next = -1;
  for (let v = allowed.length - 1; v >= 0; v--) {
    if (allowed[v]) next = v;
    t[v] = next;
  }
  return t;
}

function backwardTable(allowed: boolean[]): Int8Array {
  const t = new Int8Array(allowed.length);
  let prev = -1;
  for (let v = 0; v < allowed.length; v++) {
    if (allowed[v]) prev = v;
    t[v] = prev;
  }
  return t;
}
