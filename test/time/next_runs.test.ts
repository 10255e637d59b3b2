import { describe, expect, it } from 'vitest';
import { nextRuns, type NextRunRow } from '../../core/time/next_runs.js';
import { parseDuration } from '../../core/time/duration.js';
import { TimetableInvalid } from '../../core/timetables/types.js';
import type { ScheduleSpec } from '../../core/model/scenario.js';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const brief = (rows: NextRunRow[]) => rows.map((r) => `${iso(r.logical_date)} ${iso(r.data_interval_start)}..${iso(r.data_interval_end)} @${iso(r.run_after)} ${r.utc_offset_minutes}${r.dst_shift ? ' shift' : ''}`);

describe('nextRuns', () => {
  it('@daily trigger without catchup: latest tick at or before now first, then walks forward', () => {
    const rows = nextRuns({ spec: { kind: 'cron', cron: '@daily' }, timezone: 'UTC', create_cron_data_intervals: false, start_date: at('2025-01-01T00:00:00Z'), catchup: false, now: at('2025-01-05T06:00:00Z'), n: 3 });
    expect(brief(rows)).toEqual([
      '2025-01-05T00:00:00Z 2025-01-05T00:00:00Z..2025-01-05T00:00:00Z @2025-01-05T00:00:00Z 0',
      '2025-01-06T00:00:00Z 2025-01-06T00:00:00Z..2025-01-06T00:00:00Z @2025-01-06T00:00:00Z 0',
      '2025-01-07T00:00:00Z 2025-01-07T00:00:00Z..2025-01-07T00:00:00Z @2025-01-07T00:00:00Z 0',
    ]);
  });

  it('@daily data intervals with catchup start at start_date', () => {
    const rows = nextRuns({ spec: { kind: 'cron', cron: '@daily' }, timezone: 'UTC', create_cron_data_intervals: true, start_date: at('2025-01-01T00:00:00Z'), catchup: true, now: at('2025-01-05T06:00:00Z'), n: 2 });
    expect(brief(rows)).toEqual([
      '2025-01-01T00:00:00Z 2025-01-01T00:00:00Z..2025-01-02T00:00:00Z @2025-01-02T00:00:00Z 0',
      '2025-01-02T00:00:00Z 2025-01-02T00:00:00Z..2025-01-03T00:00:00Z @2025-01-03T00:00:00Z 0',
    ]);
  });

  it('hourly in Europe/Berlin across the autumn fold: offsets and the shift flag', () => {
    const rows = nextRuns({ spec: { kind: 'cron', cron: '@hourly' }, timezone: 'Europe/Berlin', create_cron_data_intervals: false, start_date: at('2025-10-25T23:00:00Z'), catchup: true, now: at('2025-10-25T23:00:00Z'), n: 4 });
    expect(rows.map((r) => [iso(r.run_after), r.utc_offset_minutes, r.dst_shift])).toEqual([
      ['2025-10-25T23:00:00Z', 120, false],
      ['2025-10-26T00:00:00Z', 120, false],
      ['2025-10-26T01:00:00Z', 60, true],
      ['2025-10-26T02:00:00Z', 60, false],
    ]);
  });

  it('a daily data interval spanning the spring transition is flagged', () => {
    const rows = nextRuns({ spec: { kind: 'cron_data_interval', cron: '0 3 * * *' }, timezone: 'Europe/Zurich', create_cron_data_intervals: false, start_date: at('2023-03-24T00:00:00Z'), catchup: true, now: 0, n: 3 });
    expect(brief(rows)).toEqual([
      '2023-03-24T02:00:00Z 2023-03-24T02:00:00Z..2023-03-25T02:00:00Z @2023-03-25T02:00:00Z 60',
      '2023-03-25T02:00:00Z 2023-03-25T02:00:00Z..2023-03-26T01:00:00Z @2023-03-26T01:00:00Z 120 shift',
      '2023-03-26T01:00:00Z 2023-03-26T01:00:00Z..2023-03-27T01:00:00Z @2023-03-27T01:00:00Z 120',
    ]);
  });

  it('stops at end_date, and at timetables that never schedule', () => {
    const spec = (x: ScheduleSpec): ScheduleSpec => x;
    const base = { timezone: 'UTC', create_cron_data_intervals: false, start_date: at('2025-01-01T00:00:00Z'), catchup: true, now: at('2025-01-01T00:00:00Z'), n: 10 };
    expect(nextRuns({ ...base, spec: spec({ kind: 'cron', cron: '@daily' }), end_date: at('2025-01-03T00:00:00Z') })).toHaveLength(3);
    expect(nextRuns({ ...base, spec: spec({ kind: 'null' }) })).toEqual([]);
    expect(nextRuns({ ...base, spec: spec({ kind: 'assets', condition: { kind: 'asset', name: 'a' } }) })).toEqual([]);
    expect(nextRuns({ ...base, spec: spec({ kind: 'once' }) })).toHaveLength(1);
    expect(nextRuns({ ...base, spec: spec({ kind: 'continuous' }) }).length).toBeLessThanOrEqual(2);
  });

  it('delta trigger without a start_date begins at now itself', () => {
    const rows = nextRuns({ spec: { kind: 'delta', delta: parseDuration('PT6H') }, timezone: 'UTC', create_cron_data_intervals: false, start_date: null, catchup: false, now: at('2025-01-01T10:17:00Z'), n: 2 });
    expect(rows.map((r) => iso(r.run_after))).toEqual(['2025-01-01T10:17:00Z', '2025-01-01T16:17:00Z']);
  });

  it('accepts the text form used by the CLI and the UI', () => {
    const rows = nextRuns({ schedule: '30 2 * * *', timezone: 'Europe/Berlin', start_date: '2025-03-28', catchup: true, now: '2025-03-28T00:00:00Z', n: 3 });
    expect(rows.map((r) => [iso(r.run_after), r.utc_offset_minutes])).toEqual([
      ['2025-03-28T01:30:00Z', 60], ['2025-03-29T01:30:00Z', 60], ['2025-03-30T01:30:00Z', 120],
    ]);
    expect(nextRuns({ schedule: 'PT1H', now: '2025-01-01T00:30:00Z', n: 1 }).map((r) => iso(r.run_after))).toEqual(['2025-01-01T00:30:00Z']);
  });

  it("throws TimetableInvalid for a schedule Airflow refuses", () => {
    expect(() => nextRuns({ schedule: '0 0 1 13 0', now: 0 })).toThrow(new TimetableInvalid('[0 0 1 13 0] is not acceptable, out of range'));
  });
});
