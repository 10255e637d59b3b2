// Airflow's cron arithmetic (_cron.py on croniter + pendulum). Expected instants come from Airflow's
// rules as stated in stack.md and, for the fixture, from those rules run on Debian's croniter and
// pendulum (see fixtures/airflow_cron_oracle.json); no Python is needed to run these tests.
import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { CRON_PRESETS, CronSchedule, cronSchedule, expandPreset, validateCron } from '../../core/time/cron.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const at = (s: string) => Date.parse(s);

function walk(expr: string, tz: string, from: string, n: number, dir: 'next' | 'prev'): string[] {
  const s = cronSchedule(expr, tz);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    t = dir === 'next' ? s.getNext(t) : s.getPrev(t);
    out.push(iso(t));
  }
  return out;
}

describe('presets and validation', () => {
  it("CRON_PRESETS is Airflow's cron_presets (airflow/utils/dates.py)", () => {
    expect(CRON_PRESETS).toEqual({
      '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@weekly': '0 0 * * 0', '@monthly': '0 0 1 * *',
      '@quarterly': '0 0 1 */3 *', '@yearly': '0 0 1 1 *',
    });
    expect(expandPreset('@quarterly')).toBe('0 0 1 */3 *');
    // croniter's own aliases pass through unexpanded (so the summary keeps them), and work.
    expect(expandPreset('@midnight')).toBe('@midnight');
    expect(walk('@annually', 'UTC', '2025-06-01T00:00:00Z', 1, 'next')).toEqual(['2026-01-01T00:00:00Z']);
    expect(walk('@midnight', 'UTC', '2025-06-01T10:00:00Z', 1, 'next')).toEqual(['2025-06-02T00:00:00Z']);
    expect(walk('@Daily', 'UTC', '2025-06-01T10:00:00Z', 1, 'next')).toEqual(['2025-06-02T00:00:00Z']);
  });

  it('@quarterly fires at midnight on the 1st of Jan, Apr, Jul, Oct', () => {
    expect(walk('@quarterly', 'UTC', '2025-01-01T00:00:00Z', 5, 'next')).toEqual([
      '2025-04-01T00:00:00Z', '2025-07-01T00:00:00Z', '2025-10-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z',
    ]);
    expect(walk('@quarterly', 'UTC', '2025-01-01T00:00:00Z', 2, 'prev')).toEqual(['2024-10-01T00:00:00Z', '2024-07-01T00:00:00Z']);
    expect(walk('@quarterly', 'Europe/Berlin', '2025-01-15T00:00:00Z', 5, 'next')).toEqual([
      '2025-03-31T22:00:00Z', '2025-06-30T22:00:00Z', '2025-09-30T22:00:00Z', '2025-12-31T23:00:00Z', '2026-03-31T22:00:00Z',
    ]);
  });

  it("validateCron returns croniter's messages", () => {
    const cases: [string, string | null][] = [
      ['0 0 1 13 0', '[0 0 1 13 0] is not acceptable, out of range'],
      ['61 * * * *', '[61 * * * *] is not acceptable, out of range'],
      ['0 0 0 * *', '[0 0 0 * *] is not acceptable, out of range'],
      ['0 0 * * 8', '[0 0 * * 8] is not acceptable, out of range'],
      ['* * *', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
      ['@every 30s', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
      ['@QUARTERLY', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
      ['a b c d e', '[a b c d e] is not acceptable'],
      ['0 0 * * FOO', '[0 0 * * foo] is not acceptable'],
      ['*/0 * * * *', 'invalid range: range() arg 3 must not be zero'],
      ['0-70 * * * *', '0-70 * * * * is out of bands'],
      ['-5 * * * *', '[-5 * * * *] is not acceptable, negative numbers not allowed'],
      ['0 0 * * 1#6', "[0 0 * * 1#6] is not acceptable. Invalid day_of_week value: '6'"],
      ['0 0 * * 1,5#3', "day-of-week field does not support mixing literal values and nth day of week syntax.  Cron: '0 0 * * 1,5#3'    dow={1} vs nth={5: {3}}"],
      ['0 ? * * *', '[0 ? * * *] is not acceptable. Question mark can only used in day_of_month or day_of_week'],
      ['H * * * *', 'Hashed definitions must include hash_id'],
      ['0 0 30 2 *', '[0 0 30 2 *] never matches a date: failed to find next date'],
      ['@daily', null], ['@midnight', null], ['@annually', null], ['0 0 * * MON-FRI', null], ['0 0 L * *', null],
      ['0 0 * * mon#2', null], ['0 0 * * L5', null], ['0 0 * * 7', null], ['0 22-2 * * *', null], ['0 0 ? * 1', null],
      ['5/15 * * * *', null], ['0 0 * JAN-MAR/2 *', null],
    ];
    for (const [expr, message] of cases) expect([expr, validateCron(expr)]).toEqual([expr, message]);
  });

  it('croniter quirk kept: a range from a value to itself ("5-5") is the whole cycle', () => {
    expect(walk('0 5-5 * * *', 'UTC', '2025-01-01T10:30:00Z', 2, 'next')).toEqual(['2025-01-01T11:00:00Z', '2025-01-01T12:00:00Z']);
  });

  it('six- and seven-field expressions are refused with a clear message (seconds/years are not simulated)', () => {
    expect(validateCron('0 0 * * * 30')).toMatch(/6 fields: croniter would read seconds/);
  });

  it('CronSchedule: summary is the stored expression; the hour field decides the DST rule', () => {
    expect(new CronSchedule('@daily', 'UTC').summary).toBe('0 0 * * *');
    expect(new CronSchedule('@hourly', 'UTC').coversEveryHour).toBe(true);
    expect(new CronSchedule('0 0-23 * * *', 'UTC').coversEveryHour).toBe(true); // croniter normalises a full list to *
    expect(new CronSchedule('0 */2 * * *', 'UTC').coversEveryHour).toBe(false);
    expect(() => new CronSchedule('@daily', 'Nowhere/City')).toThrow("unknown time zone 'Nowhere/City'");
  });
});

describe('strictly after / strictly before, with sub-minute instants', () => {
  it('getNext and getPrev skip the instant itself', () => {
    expect(walk('@hourly', 'UTC', '2025-01-01T05:00:00Z', 1, 'next')).toEqual(['2025-01-01T06:00:00Z']);
    expect(walk('@hourly', 'UTC', '2025-01-01T05:00:00Z', 1, 'prev')).toEqual(['2025-01-01T04:00:00Z']);
    expect(walk('@hourly', 'UTC', '2025-01-01T05:00:00.500Z', 1, 'prev')).toEqual(['2025-01-01T05:00:00Z']);
    expect(walk('@hourly', 'UTC', '2025-01-01T04:59:59.500Z', 1, 'next')).toEqual(['2025-01-01T05:00:00Z']);
    expect(walk('* * * * *', 'UTC', '2025-12-31T23:59:30Z', 1, 'next')).toEqual(['2026-01-01T00:00:00Z']);
  });

  it('alignToNext / alignToPrev return the instant itself when it is a tick', () => {
    const s = cronSchedule('30 16 * * *', 'UTC');
    expect(iso(s.alignToNext(at('2021-09-06T16:30:00Z')))).toBe('2021-09-06T16:30:00Z');
    expect(iso(s.alignToNext(at('2021-09-06T00:00:00Z')))).toBe('2021-09-06T16:30:00Z');
    expect(iso(s.alignToPrev(at('2021-09-06T16:30:00Z')))).toBe('2021-09-06T16:30:00Z');
    expect(iso(s.alignToPrev(at('2021-09-07T00:00:00Z')))).toBe('2021-09-06T16:30:00Z');
  });
});

describe("Airflow's DST rules (stack.md)", () => {
  it('hourly in Europe/Berlin: the spring gap is skipped, both halves of the autumn fold run', () => {
    expect(walk('@hourly', 'Europe/Berlin', '2025-03-29T23:30:00Z', 5, 'next')).toEqual([
      '2025-03-30T00:00:00Z', '2025-03-30T01:00:00Z', '2025-03-30T02:00:00Z', '2025-03-30T03:00:00Z', '2025-03-30T04:00:00Z',
    ]);
    // 00:00Z = 02:00 CEST, 01:00Z = 02:00 CET (the fold's second pass), 02:00Z = 03:00 CET.
    expect(walk('@hourly', 'Europe/Berlin', '2025-10-25T23:30:00Z', 5, 'next')).toEqual([
      '2025-10-26T00:00:00Z', '2025-10-26T01:00:00Z', '2025-10-26T02:00:00Z', '2025-10-26T03:00:00Z', '2025-10-26T04:00:00Z',
    ]);
    expect(walk('@hourly', 'Europe/Berlin', '2025-10-26T03:30:00Z', 5, 'prev')).toEqual([
      '2025-10-26T03:00:00Z', '2025-10-26T02:00:00Z', '2025-10-26T01:00:00Z', '2025-10-26T00:00:00Z', '2025-10-25T23:00:00Z',
    ]);
  });

  it('30 * * * * in Europe/Zurich runs in both halves of the fold', () => {
    expect(walk('30 * * * *', 'Europe/Zurich', '2023-10-28T23:00:00Z', 5, 'next')).toEqual([
      '2023-10-28T23:30:00Z', '2023-10-29T00:30:00Z', '2023-10-29T01:30:00Z', '2023-10-29T02:30:00Z', '2023-10-29T03:30:00Z',
    ]);
  });

  it('hourly in America/New_York through both transitions', () => {
    expect(walk('@hourly', 'America/New_York', '2025-03-09T05:30:00Z', 4, 'next')).toEqual([
      '2025-03-09T06:00:00Z', '2025-03-09T07:00:00Z', '2025-03-09T08:00:00Z', '2025-03-09T09:00:00Z',
    ]);
    expect(walk('@hourly', 'America/New_York', '2025-11-02T04:30:00Z', 4, 'next')).toEqual([
      '2025-11-02T05:00:00Z', '2025-11-02T06:00:00Z', '2025-11-02T07:00:00Z', '2025-11-02T08:00:00Z',
    ]);
  });

  it('daily at 02:30: a time in the spring gap moves forward by the gap (03:30 local), not to 03:00', () => {
    expect(walk('30 2 * * *', 'Europe/Berlin', '2025-03-28T12:00:00Z', 4, 'next')).toEqual([
      '2025-03-29T01:30:00Z', '2025-03-30T01:30:00Z', '2025-03-31T00:30:00Z', '2025-04-01T00:30:00Z',
    ]);
    expect(walk('30 2 * * *', 'Europe/Zurich', '2023-03-24T12:00:00Z', 4, 'next')).toEqual([
      '2023-03-25T01:30:00Z', '2023-03-26T01:30:00Z', '2023-03-27T00:30:00Z', '2023-03-28T00:30:00Z',
    ]);
    expect(walk('30 2 * * *', 'America/New_York', '2025-03-07T12:00:00Z', 4, 'next')).toEqual([
      '2025-03-08T07:30:00Z', '2025-03-09T07:30:00Z', '2025-03-10T06:30:00Z', '2025-03-11T06:30:00Z',
    ]);
  });

  it('daily at 02:30 / 01:30 in a fold: the second occurrence (fold=1)', () => {
    expect(walk('30 2 * * *', 'Europe/Berlin', '2025-10-24T12:00:00Z', 4, 'next')).toEqual([
      '2025-10-25T00:30:00Z', '2025-10-26T01:30:00Z', '2025-10-27T01:30:00Z', '2025-10-28T01:30:00Z',
    ]);
    expect(walk('30 2 * * *', 'Europe/Zurich', '2023-10-27T12:00:00Z', 4, 'next')).toEqual([
      '2023-10-28T00:30:00Z', '2023-10-29T01:30:00Z', '2023-10-30T01:30:00Z', '2023-10-31T01:30:00Z',
    ]);
    expect(walk('30 1 * * *', 'America/New_York', '2025-10-31T12:00:00Z', 4, 'next')).toEqual([
      '2025-11-01T05:30:00Z', '2025-11-02T06:30:00Z', '2025-11-03T06:30:00Z', '2025-11-04T06:30:00Z',
    ]);
    expect(walk('30 1 * * *', 'America/New_York', '2025-11-04T12:00:00Z', 4, 'prev')).toEqual([
      '2025-11-04T06:30:00Z', '2025-11-03T06:30:00Z', '2025-11-02T06:30:00Z', '2025-11-01T05:30:00Z',
    ]);
  });

  it('daily at 01:30 is unaffected in Europe (the fold is the 02:00 hour)', () => {
    expect(walk('30 1 * * *', 'Europe/Berlin', '2025-10-24T12:00:00Z', 4, 'next')).toEqual([
      '2025-10-24T23:30:00Z', '2025-10-25T23:30:00Z', '2025-10-27T00:30:00Z', '2025-10-28T00:30:00Z',
    ]);
    expect(walk('30 1 * * *', 'Europe/Zurich', '2023-10-27T12:00:00Z', 4, 'next')).toEqual([
      '2023-10-27T23:30:00Z', '2023-10-28T23:30:00Z', '2023-10-30T00:30:00Z', '2023-10-31T00:30:00Z',
    ]);
  });

  it('the _get_prev quirk: a previous tick in the gap maps back onto the instant itself', () => {
    const s = cronSchedule('0 2 * * *', 'Europe/Berlin');
    expect(iso(s.getPrev(at('2025-03-30T01:00:00Z')))).toBe('2025-03-30T01:00:00Z');
    expect(walk('30 2 * * *', 'Europe/Berlin', '2025-04-01T12:00:00Z', 4, 'prev')).toEqual([
      '2025-04-01T00:30:00Z', '2025-03-31T00:30:00Z', '2025-03-30T01:30:00Z', '2025-03-30T01:30:00Z',
    ]);
  });
});

describe('cross-checks', () => {
  it("matches Airflow's rules run on croniter + pendulum (882 recorded next/prev cases)", () => {
    const rows = JSON.parse(readFileSync(new URL('./fixtures/airflow_cron_oracle.json', import.meta.url), 'utf8')) as [string, string, string, 'next' | 'prev', string][];
    expect(rows.length).toBeGreaterThan(800);
    for (const [expr, tz, from, dir, expected] of rows) {
      const s = cronSchedule(expr, tz);
      const got = dir === 'next' ? s.getNext(at(from)) : s.getPrev(at(from));
      expect([expr, tz, from, dir, new Date(got).toISOString()]).toEqual([expr, tz, from, dir, expected]);
    }
  });

  it('agrees with croner used as a naive wall-clock matcher (utcOffset 0) on random expressions', () => {
    let seed = 99;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const pick = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const field = (lo: number, hi: number): string => {
      const r = rnd();
      if (r < 0.35) return '*';
      if (r < 0.55) return `*/${pick(2, Math.max(2, Math.floor((hi - lo) / 2)))}`;
      // a-b with a < b: croniter reads "a-a" as the whole cycle, croner as one value.
      if (r < 0.75) { const a = pick(lo, hi - 1), b = pick(a + 1, hi); return `${a}-${b}`; }
      return [...new Set([pick(lo, hi), pick(lo, hi), pick(lo, hi)])].sort((x, y) => x - y).join(',');
    };
    for (let i = 0; i < 150; i++) {
      const expr = [field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 6)].join(' ');
      const mine = cronSchedule(expr, 'UTC');
      const ref = new Cron(expr, { utcOffset: 0, legacyMode: true });
      let t = Date.UTC(2020, 0, 1) + pick(0, 5 * 365 * 24 * 60) * 60_000;
      for (let k = 0; k < 8; k++) {
        const n = ref.nextRun(new Date(t))!.getTime();
        expect([expr, iso(t), iso(mine.getNext(t))]).toEqual([expr, iso(t), iso(n)]);
        const p = ref.previousRuns(1, new Date(t))[0]!.getTime();
        expect([expr, iso(t), 'prev', iso(mine.getPrev(t))]).toEqual([expr, iso(t), 'prev', iso(p)]);
        t = n;
      }
    }
  });

  it('is fast: UTC hourly getNext well above 100k/s', () => {
    const s = cronSchedule('@hourly', 'UTC');
    let t = Date.UTC(2025, 0, 1);
    const n = 200_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) t = s.getNext(t);
    const perSecond = n / ((performance.now() - t0) / 1000);
    expect(t).toBe(Date.UTC(2025, 0, 1) + n * 3_600_000);
    expect(perSecond).toBeGreaterThan(100_000);
  });
});
