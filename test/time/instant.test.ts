import { describe, expect, it } from 'vitest';
import { formatInstant, isNaiveDateTime, parseInstant, pythonIsoformat } from '../../core/time/instant.js';

describe('parseInstant', () => {
  it('reads offsets and Z exactly', () => {
    expect(parseInstant('2025-01-01T00:00:00Z', 'Europe/Berlin')).toBe(Date.UTC(2025, 0, 1));
    expect(parseInstant('2025-03-30T02:30:00+02:00', 'UTC')).toBe(Date.UTC(2025, 2, 30, 0, 30));
    expect(parseInstant('2025-03-30T02:30:00-0130', 'UTC')).toBe(Date.UTC(2025, 2, 30, 4, 0));
    expect(parseInstant('2025-03-30T02:30+05', 'UTC')).toBe(Date.UTC(2025, 2, 29, 21, 30));
    expect(parseInstant('2025-01-01T00:00:00.5Z', 'UTC')).toBe(Date.UTC(2025, 0, 1) + 500);
    expect(parseInstant('2025-01-01 12:00:00.123456+00:00', 'UTC')).toBe(Date.UTC(2025, 0, 1, 12) + 123);
  });

  it('reads a plain date as midnight UTC, whatever the default zone', () => {
    expect(parseInstant('2025-01-01', 'America/New_York')).toBe(Date.UTC(2025, 0, 1));
  });

  it('reads a naive date-time in the default zone, with fold=1 / gap-forward like make_aware', () => {
    expect(parseInstant('2025-07-01T12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2025, 6, 1, 10));
    expect(parseInstant('2025-03-30T02:30:00', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 30, 1, 30)); // gap → 03:30 CEST
    expect(parseInstant('2025-11-02T01:30:00', 'America/New_York')).toBe(Date.UTC(2025, 10, 2, 6, 30)); // fold → second
    expect(parseInstant('2025-07-01T12:00', 'UTC')).toBe(Date.UTC(2025, 6, 1, 12));
  });

  it('throws clear errors', () => {
    expect(() => parseInstant('yesterday', 'UTC')).toThrow(/invalid instant 'yesterday'/);
    expect(() => parseInstant('2025-02-30', 'UTC')).toThrow(/day 30 is out of range for 2025-02/);
    expect(() => parseInstant('2025-13-01T00:00:00Z', 'UTC')).toThrow(/month 13/);
    expect(() => parseInstant('2025-01-01T24:00:00Z', 'UTC')).toThrow(/hour 24/);
    expect(() => parseInstant('2025-01-01T00:00:00', 'Nowhere/City')).toThrow(/unknown time zone 'Nowhere\/City'/);
  });

  it('isNaiveDateTime', () => {
    expect(isNaiveDateTime('2025-01-01T00:00:00')).toBe(true);
    expect(isNaiveDateTime('2025-01-01T00:00:00Z')).toBe(false);
    expect(isNaiveDateTime('2025-01-01T00:00:00+01:00')).toBe(false);
    expect(isNaiveDateTime('2025-01-01')).toBe(false);
  });
});

describe('formatting', () => {
  it("formatInstant: Windtunnel's output form, milliseconds only when non-zero", () => {
    expect(formatInstant(Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00Z');
    expect(formatInstant(Date.UTC(2025, 0, 1) + 500)).toBe('2025-01-01T00:00:00.500Z');
    expect(formatInstant(Date.UTC(1969, 11, 31, 23, 59, 59) + 7)).toBe('1969-12-31T23:59:59.007Z');
  });

  it('pythonIsoformat: datetime.isoformat() of a UTC datetime, as in run_ids', () => {
    expect(pythonIsoformat(Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00+00:00');
    expect(pythonIsoformat(Date.UTC(2025, 4, 1, 12) + 500)).toBe('2025-05-01T12:00:00.500000+00:00');
    expect(pythonIsoformat(Date.UTC(2025, 1, 18, 8, 4, 46))).toBe('2025-02-18T08:04:46+00:00');
  });

  it('round-trips through parseInstant', () => {
    for (const ms of [0, -1, 1, 1_700_000_000_123, Date.UTC(2400, 1, 29, 23, 59, 59, 999)]) {
      expect(parseInstant(formatInstant(ms), 'UTC')).toBe(ms);
      expect(new Date(ms).toISOString().replace('.000Z', 'Z')).toBe(formatInstant(ms));
    }
  });
});
