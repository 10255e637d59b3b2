// A datetime as a template sees it: printing gives Python's str() ("2025-01-01 00:00:00+00:00"),
// with the few methods templates call (isoformat, strftime, timestamp, date parts).
import type { PyStr } from './py_values.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export class PyDateTime implements PyStr {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;

  constructor(readonly ms: number) {
    const d = new Date(ms);
    this.year = d.getUTCFullYear();
    this.month = d.getUTCMonth() + 1;
    this.day = d.getUTCDate();
    this.hour = d.getUTCHours();
    this.minute = d.getUTCMinutes();
    this.second = d.getUTCSeconds();
    this.microsecond = d.getUTCMilliseconds() * 1000;
  }

  private frac(): string {
    return this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
  }

  isoformat(): string {
    return `${this.year}-${pad(this.month)}-${pad(this.day)}T${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${this.frac()}+00:00`;
  }

  __py_str__(): string {
    return this.isoformat().replace('T', ' ');
  }

  toString(): string {
    return this.__py_str__();
  }

  timestamp(): number {
    return this.ms / 1000;
  }

  strftime(fmt: string): string {
    return strftime(this, fmt);
  }

  weekday(): number {
    return (new Date(this.ms).getUTCDay() + 6) % 7;
  }
}

export function strftime(d: PyDateTime, fmt: string): string {
  const dow = new Date(d.ms).getUTCDay();
  return fmt.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.year);
      case 'y': return pad(d.year % 100);
      case 'm': return pad(d.month);
      case 'd': return pad(d.day);
      case 'H': return pad(d.hour);
      case 'M': return pad(d.minute);
      case 'S': return pad(d.second);
      case 'f': return pad(d.microsecond, 6);
      case 'z': return '+0000';
      case 'Z': return 'UTC';
      case 'j': return pad(Math.floor((d.ms - Date.UTC(d.year, 0, 1)) / 86400000) + 1, 3);
      case 'A': return DAYS[dow];
      case 'a': return DAYS[dow].slice(0, 3);
      case 'B': return MONTHS[d.month - 1];
      case 'b': return MONTHS[d.month - 1].slice(0, 3);
      case '%': return '%';
      default: return `%${c}`;
    }
  });
}

/** What other directives match (parsed, not used): each bounded, so the match cannot backtrack
 * for long (unbounded `.*?` per directive made `%a` x 12 take hours against 40 letters). */
const SKIPPED: Record<string, string> = {
  a: '[A-Za-z]{3,9}', A: '[A-Za-z]{3,9}', b: '[A-Za-z]{3,9}', B: '[A-Za-z]{3,9}', p: '[AaPp][Mm]', j: '\\d{1,3}', f: '\\d{1,6}',
  z: '(?:[+-]\\d{2}:?\\d{2}|Z)', Z: '[A-Za-z]{0,5}', I: '\\d{1,2}', U: '\\d{1,2}', W: '\\d{1,2}', V: '\\d{1,2}', u: '\\d', w: '\\d', G: '\\d{4}',
};
/** How many lengths each directive's text can have: a format whose combinations pass a million is
 * refused before matching (backtracking tries them all when the text does not match). */
const WIDTHS: Record<string, number> = { m: 2, d: 2, H: 2, M: 2, S: 2, a: 7, A: 7, b: 7, B: 7, j: 3, f: 6, z: 2, Z: 6, I: 2, U: 2, W: 2, V: 2 };
const MAX_COMBINATIONS = 1_000_000;

/** Parse strptime-style text for the formats macros use (%Y %m %d %H %M %S %y; others matched and ignored). */
export function strptime(text: string, fmt: string): PyDateTime {
  const parts: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0 };
  let re = '';
  const order: string[] = [];
  let combinations = 1;
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] === '%' && i + 1 < fmt.length) {
      const c = fmt[++i];
      combinations *= WIDTHS[c] ?? 1;
      if (combinations > MAX_COMBINATIONS) throw new Error(`ValueError: format '${fmt.slice(0, 80)}' has too many variable-width directives for Windtunnel's strptime`);
      if (c === 'Y') { re += '(\\d{4})'; order.push(c); }
      else if ('mdHMS'.includes(c)) { re += '(\\d{1,2})'; order.push(c); }
      else if (c === 'y') { re += '(\\d{2})'; order.push(c); }
      else if (c === '%') re += '%';
      else if (Object.prototype.hasOwnProperty.call(SKIPPED, c)) re += SKIPPED[c];
      else throw new Error(`ValueError: '${c}' is a bad directive in format '${fmt}'`);
    } else re += fmt[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(text);
  if (!m) throw new Error(`ValueError: time data '${text}' does not match format '${fmt}'`);
  order.forEach((c, i) => { parts[c === 'y' ? 'Y' : c] = c === 'y' ? 2000 + Number(m[i + 1]) : Number(m[i + 1]); });
  return new PyDateTime(Date.UTC(parts.Y, parts.m - 1, parts.d, parts.H, parts.M, parts.S));
}
