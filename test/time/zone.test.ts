import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { formatOffset, fromLocalMs, fromWallClock, isValidTimeZone, offsetAt, toLocalMs, toWallClock } from '../../core/time/zone.js';

const H = 3_600_000;
const ZONES = ['UTC', 'Europe/Berlin', 'Europe/Zurich', 'America/New_York', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Apia', 'Europe/Dublin'];

/** A small seeded generator, so the sampled instants are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('zone', () => {
  it('isValidTimeZone', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('+05:30')).toBe(true);
    expect(isValidTimeZone('Bogus/Place')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('offsetAt matches Temporal on sampled instants from 1900 to 2100', () => {
    const rnd = lcg(7);
    for (const tz of ZONES) {
      for (let i = 0; i < 400; i++) {
        const ms = Date.UTC(1900, 0, 1) + Math.floor(rnd() * 200 * 365.25 * 24) * H + Math.floor(rnd() * 4) * 15 * 60_000;
        const expected = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).offsetNanoseconds / 1e6;
        expect([tz, ms, offsetAt(ms, tz)]).toEqual([tz, ms, expected]);
      }
    }
  });

  it("fromLocalMs matches Temporal's 'later' disambiguation (pendulum fold=1), gaps and folds included", () => {
    const rnd = lcg(11);
    for (const tz of ZONES) {
      const samples: number[] = [];
      for (let i = 0; i < 200; i++) samples.push(Date.UTC(1970, 0, 1) + Math.floor(rnd() * 100 * 365.25 * 24 * 4) * 15 * 60_000);
      // Every quarter hour across this zone's transitions in 2023-2025 (gaps and folds).
      let z = Temporal.Instant.fromEpochMilliseconds(Date.UTC(2023, 0, 1)).toZonedDateTimeISO(tz);
      for (let k = 0; k < 6; k++) {
        const next = z.getTimeZoneTransition('next');
        if (next === null) break;
        const local = toLocalMs(next.epochMilliseconds, tz);
        for (let q = -12; q <= 12; q++) samples.push(local + q * 15 * 60_000);
        z = next;
      }
      for (const local of samples) {
        const d = new Date(local);
        const pdt = new Temporal.PlainDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
        const expected = pdt.toZonedDateTime(tz, { disambiguation: 'later' }).epochMilliseconds;
        expect([tz, d.toISOString(), fromLocalMs(local, tz)]).toEqual([tz, d.toISOString(), expected]);
      }
    }
  });

  it('DST examples from stack.md', () => {
    const berlinGap = fromWallClock({ year: 2025, month: 3, day: 30, hour: 2, minute: 30, second: 0, millisecond: 0 }, 'Europe/Berlin');
    expect(new Date(berlinGap).toISOString()).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST, not 03:00
    const nyFold = fromWallClock({ year: 2025, month: 11, day: 2, hour: 1, minute: 30, second: 0, millisecond: 0 }, 'America/New_York');
    expect(new Date(nyFold).toISOString()).toBe('2025-11-02T06:30:00.000Z'); // the second 01:30
    expect(toWallClock(Date.UTC(2025, 9, 26, 0, 30), 'Europe/Berlin')).toEqual({ year: 2025, month: 10, day: 26, hour: 2, minute: 30, second: 0, millisecond: 0 });
    expect(toWallClock(Date.UTC(2025, 9, 26, 1, 30), 'Europe/Berlin')).toEqual({ year: 2025, month: 10, day: 26, hour: 2, minute: 30, second: 0, millisecond: 0 });
  });

  it('formatOffset', () => {
    expect(formatOffset(2 * H)).toBe('+02:00');
    expect(formatOffset(-5 * H)).toBe('-05:00');
    expect(formatOffset(5.5 * H)).toBe('+05:30');
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatOffset(offsetAt(Date.UTC(1880, 0, 1), 'Europe/Berlin'))).toBe('+00:53:28');
  });
});
