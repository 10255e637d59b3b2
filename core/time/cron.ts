// Airflow's cron arithmetic (airflow/timetables/_cron.py, CronMixin): croniter runs on the naive
// wall clock of the DAG's time zone and the result is turned back into an instant in one of two
// ways. If the hour field is `*` (the schedule runs at least hourly) the naive difference is added
// to the instant, so both halves of a DST fold run and the spring gap is skipped. Otherwise the
// naive result is made aware with fold=1: a time in a gap moves forward by the gap, a repeated time
// takes its second occurrence. Reproduced as is, including `_get_prev` returning its own argument
// when the previous tick falls in a gap (e.g. `0 2 * * *` Berlin from 2025-03-30T01:00Z).
import { compileCron, CronSyntaxError, expandPreset } from './cron_fields.js';
import { CronNotFound, NaiveCron } from './cron_naive.js';
import { fromLocalMs, isValidTimeZone, toLocalMs } from './zone.js';

export { CRON_PRESETS, CronSyntaxError, expandPreset, validateCron } from './cron_fields.js';
export { CronNotFound } from './cron_naive.js';

const naiveCache = new Map<string, NaiveCron>();
const scheduleCache = new Map<string, CronSchedule>();

function naiveCron(expression: string): NaiveCron {
  let n = naiveCache.get(expression);
  if (!n) {
    n = new NaiveCron(compileCron(expression));
    naiveCache.set(expression, n);
  }
  return n;
}

export class CronSchedule {
  /** The expression as Airflow stores it (presets expanded): CronMixin.summary. */
  readonly expression: string;
  readonly timezone: string;
  /** croniter's expanded hour field is exactly ["*"] (_covers_every_hour). */
  readonly coversEveryHour: boolean;
  private readonly naive: NaiveCron;
  private readonly utc: boolean;

  /** Throws CronSyntaxError (croniter's message) or Error for an unknown time zone. */
  constructor(expression: string, timezone: string) {
    if (!isValidTimeZone(timezone)) throw new Error(`unknown time zone '${timezone}'`);
    this.expression = expandPreset(expression);
    this.timezone = timezone;
    this.coversEveryHour = compileCron(expression).hour.exactStar;
    this.naive = naiveCron(expression);
    this.utc = timezone === 'UTC' || timezone === 'Etc/UTC';
  }

  /** CronMixin.summary: the stored expression. */
  get summary(): string {
    return this.expression;
  }

  /** _get_next: the first tick after `t` (strictly after, barring the DST rules above). */
  getNext(t: number): number {
    if (this.utc) return this.naive.next(t);
    const local = toLocalMs(t, this.timezone);
    const scheduled = this.naive.next(local);
    if (this.coversEveryHour) return t + (scheduled - local);
    return fromLocalMs(scheduled, this.timezone);
  }

  /** _get_prev: the last tick before `t` (see the gap quirk above). */
  getPrev(t: number): number {
    if (this.utc) return this.naive.prev(t);
    const local = toLocalMs(t, this.timezone);
    const scheduled = this.naive.prev(local);
    if (this.coversEveryHour) return t - (local - scheduled);
    return fromLocalMs(scheduled, this.timezone);
  }

  /** _align_to_next: `t` itself when it is a tick, else the next tick. */
  alignToNext(t: number): number {
    const next = this.getNext(t);
    return this.getPrev(next) !== t ? next : t;
  }

  /** _align_to_prev: `t` itself when it is a tick, else the previous tick. */
  alignToPrev(t: number): number {
    const prev = this.getPrev(t);
    return this.getNext(prev) !== t ? prev : t;
  }
}

/** A shared, cached CronSchedule (compiling and validating once per expression and zone). */
export function cronSchedule(expression: string, timezone: string): CronSchedule {
  const key = `${timezone}\u0000${expression}`;
  let s = scheduleCache.get(key);
  if (!s) {
    s = new CronSchedule(expression, timezone);
    scheduleCache.set(key, s);
  }
  return s;
}

/** True for errors the cron layer raises on purpose (bad syntax, no matching date). */
export function isCronError(e: unknown): e is CronSyntaxError | CronNotFound {
  return e instanceof CronSyntaxError || e instanceof CronNotFound;
}
