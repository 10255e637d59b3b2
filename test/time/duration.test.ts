import { describe, expect, it } from 'vitest';
import { addDuration, formatPythonDelta, isCalendarDuration, isPositive, parseDuration, pythonDeltaStr, subDuration } from '../../core/time/duration.js';

const utc = (y: number, mo: number, d: number, h = 0) => Date.UTC(y, mo - 1, d, h);

describe('parseDuration', () => {
  it('reduces ISO 8601 to calendar months plus fixed milliseconds', () => {
    expect(parseDuration('PT10M')).toEqual({ months: 0, ms: 600_000, iso: 'PT10M' });
    expect(parseDuration('P1D')).toEqual({ months: 0, ms: 86_400_000, iso: 'P1D' });
    expect(parseDuration('P1M')).toEqual({ months: 1, ms: 0, iso: 'P1M' });
    expect(parseDuration('PT0S')).toEqual({ months: 0, ms: 0, iso: 'PT0S' });
    expect(parseDuration('P1Y2M1W3DT4H5M6.5S')).toEqual({ months: 14, ms: ((10 * 24 + 4) * 3600 + 5 * 60 + 6) * 1000 + 500, iso: 'P1Y2M1W3DT4H5M6.5S' });
    expect(parseDuration('-P1D')).toEqual({ months: 0, ms: -86_400_000, iso: '-P1D' });
  });

  it('rejects what is not ISO 8601', () => {
    for (const bad of ['', 'P', 'PT', '1D', 'P1H', 'PT1D', 'P1.5D', 'one day']) {
      expect(() => parseDuration(bad)).toThrow(/invalid duration/);
    }
  });

  it('a duration written with years or months is a relativedelta', () => {
    expect(isCalendarDuration(parseDuration('P1M'))).toBe(true);
    expect(isCalendarDuration(parseDuration('P0M'))).toBe(true);
    expect(isCalendarDuration(parseDuration('P1D'))).toBe(false);
    expect(isCalendarDuration(parseDuration('PT1M'))).toBe(false);
  });
});

describe('arithmetic in UTC', () => {
  it('days are fixed 24 h (Airflow adds deltas to UTC datetimes)', () => {
    expect(addDuration(utc(2025, 3, 29, 12), parseDuration('P1D'))).toBe(utc(2025, 3, 30, 12));
  });

  it('months move the UTC calendar date, clamping the day like relativedelta', () => {
    expect(addDuration(utc(2025, 1, 31), parseDuration('P1M'))).toBe(utc(2025, 2, 28));
    expect(addDuration(utc(2024, 1, 31), parseDuration('P1M'))).toBe(utc(2024, 2, 29));
    expect(addDuration(utc(2024, 2, 29), parseDuration('P1Y'))).toBe(utc(2025, 2, 28));
    expect(subDuration(utc(2025, 3, 31, 10), parseDuration('P1M'))).toBe(utc(2025, 2, 28, 10));
    expect(addDuration(utc(2025, 12, 15), parseDuration('P1M1D'))).toBe(utc(2026, 1, 16));
    expect(subDuration(utc(2025, 1, 15), parseDuration('P13M'))).toBe(utc(2023, 12, 15));
  });

  it('isPositive as validate() judges it', () => {
    expect(isPositive(parseDuration('PT1S'))).toBe(true);
    expect(isPositive(parseDuration('P1M'))).toBe(true);
    expect(isPositive(parseDuration('PT0S'))).toBe(false);
    expect(isPositive(parseDuration('P0M'))).toBe(false);
    expect(isPositive(parseDuration('-P1D'))).toBe(false);
  });
});

describe('Python formatting', () => {
  it("formatPythonDelta = repr() in Airflow's validate() messages (vectors 15, 27)", () => {
    expect(formatPythonDelta(parseDuration('-P1D'))).toBe('datetime.timedelta(days=-1)');
    expect(formatPythonDelta(parseDuration('PT0S'))).toBe('datetime.timedelta(0)');
    expect(formatPythonDelta(parseDuration('P0M'))).toBe('relativedelta()');
    expect(formatPythonDelta(parseDuration('-P0M1D'))).toBe('relativedelta(days=-1)');
    expect(formatPythonDelta(parseDuration('PT1H'))).toBe('datetime.timedelta(seconds=3600)');
    expect(formatPythonDelta(parseDuration('-PT1H'))).toBe('datetime.timedelta(days=-1, seconds=82800)');
    expect(formatPythonDelta(parseDuration('P1DT0.25S'))).toBe('datetime.timedelta(days=1, microseconds=250000)');
    expect(formatPythonDelta(parseDuration('P14M'))).toBe('relativedelta(years=+1, months=+2)');
    expect(formatPythonDelta(parseDuration('P0MT25H'))).toBe('relativedelta(days=+1, hours=+1)');
  });

  it('pythonDeltaStr = str(), the summary of the Delta timetables', () => {
    expect(pythonDeltaStr(parseDuration('P1D'))).toBe('1 day, 0:00:00');
    expect(pythonDeltaStr(parseDuration('P2DT3H4M5S'))).toBe('2 days, 3:04:05');
    expect(pythonDeltaStr(parseDuration('PT1H'))).toBe('1:00:00');
    expect(pythonDeltaStr(parseDuration('PT10M'))).toBe('0:10:00');
    expect(pythonDeltaStr(parseDuration('PT0.5S'))).toBe('0:00:00.500000');
    expect(pythonDeltaStr(parseDuration('-PT1H'))).toBe('-1 day, 23:00:00');
    expect(pythonDeltaStr(parseDuration('P1M'))).toBe('relativedelta(months=+1)');
  });
});
