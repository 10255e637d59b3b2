// Vectors 1-15 of airflow3-semantics.md §12: airflow-core/tests/unit/timetables/test_trigger_timetable.py,
// restated with "now" passed in instead of time_machine.
import { describe, expect, it } from 'vitest';
import { CronTriggerTimetable } from '../../core/timetables/cron_trigger.js';
import { DeltaTriggerTimetable } from '../../core/timetables/delta_trigger.js';
import { MultipleCronTriggerTimetable } from '../../core/timetables/multiple_cron.js';
import { makeTimetable } from '../../core/timetables/make_timetable.js';
import { TimetableInvalid } from '../../core/timetables/types.js';
import { d, di, exact, interval, restriction, show, showInterval, t } from './helpers.js';

const START_DATE = '2021-09-04T00:00:00';
const PREV_DATA_INTERVAL_EXACT = di('2021-09-05T00:00:00');
const CURRENT_TIME = '2021-09-07T00:00:00';
const YESTERDAY = '2021-09-06T00:00:00';

const hourlyCron = () => new CronTriggerTimetable('@hourly', 'UTC', { run_immediately: true });
// DeltaTriggerTimetable(timedelta(hours=1)) and (relativedelta(hours=1)): "P0MT1H" is written with a
// month field, so it is a relativedelta in Airflow's terms.
const hourlyDeltas: [string, () => DeltaTriggerTimetable][] = [
  ['timedelta', () => new DeltaTriggerTimetable(d('PT1H'))],
  ['relativedelta', () => new DeltaTriggerTimetable(d('P0MT1H'))],
];

describe('test_trigger_timetable.py', () => {
  // Vectors 1-3.
  const daily = () => new CronTriggerTimetable('30 16 * * *', 'UTC', { run_immediately: false });
  it('test_daily_cron_trigger_no_catchup_first_starts_at_next_schedule[first-run]', () => {
    expect(show(daily().next_dagrun_info(null, restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact('2021-09-06T16:30:00'));
  });
  it('test_daily_cron_trigger_no_catchup_first_starts_at_next_schedule[before-now]', () => {
    expect(show(daily().next_dagrun_info(di('2021-09-06T16:30:00'), restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact('2021-09-07T16:30:00'));
  });
  it('test_daily_cron_trigger_no_catchup_first_starts_at_next_schedule[after-now]', () => {
    expect(show(daily().next_dagrun_info(di('2021-09-07T16:30:00'), restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact('2021-09-08T16:30:00'));
  });

  // Vector 4.
  for (const [id, delta] of [['timedelta', 'P1D'], ['relativedelta', 'P0M1D']] as const) {
    const tt = () => new DeltaTriggerTimetable(d(delta));
    it(`test_daily_delta_trigger_no_catchup_first_starts_at_next_schedule[${id}-first-run]`, () => {
      expect(show(tt().next_dagrun_info(null, restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact(CURRENT_TIME));
    });
    it(`test_daily_delta_trigger_no_catchup_first_starts_at_next_schedule[${id}-before-now]`, () => {
      expect(show(tt().next_dagrun_info(di('2021-09-06T16:30:00'), restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact('2021-09-07T16:30:00'));
    });
    it(`test_daily_delta_trigger_no_catchup_first_starts_at_next_schedule[${id}-after-now]`, () => {
      expect(show(tt().next_dagrun_info(di('2021-09-07T16:30:00'), restriction(YESTERDAY, null, false), t(CURRENT_TIME)))).toEqual(exact('2021-09-08T16:30:00'));
    });
  }

  // Vectors 5 and 6.
  const noCatchupCases: [string, string, string, string, string][] = [
    // id, now, earliest, cron expectation, delta expectation
    ['current_time_on_boundary', '2022-07-27T00:00:00', START_DATE, '2022-07-27T00:00:00', '2022-07-27T00:00:00'],
    ['current_time_not_on_boundary', '2022-07-27T00:30:00', START_DATE, '2022-07-27T00:00:00', '2022-07-27T00:30:00'],
    ['current_time_miss_one_interval_on_boundary', '2022-07-27T01:00:00', START_DATE, '2022-07-27T01:00:00', '2022-07-27T01:00:00'],
    ['current_time_miss_one_interval_not_on_boundary', '2022-07-27T01:30:00', START_DATE, '2022-07-27T01:00:00', '2022-07-27T01:30:00'],
    ['future_start_date', '2022-07-27T00:30:00', '2199-12-31T22:30:00', '2199-12-31T23:00:00', '2199-12-31T22:30:00'],
  ];
  for (const [id, now, earliest, cronExpected] of noCatchupCases) {
    it(`test_hourly_cron_trigger_no_catchup_next_info[${id}]`, () => {
      expect(show(hourlyCron().next_dagrun_info(PREV_DATA_INTERVAL_EXACT, restriction(earliest, null, false), t(now)))).toEqual(exact(cronExpected));
    });
  }
  for (const [tid, make] of hourlyDeltas) {
    for (const [id, now, earliest, , deltaExpected] of noCatchupCases) {
      it(`test_hourly_delta_trigger_no_catchup_next_info[${tid}-${id}]`, () => {
        expect(show(make().next_dagrun_info(PREV_DATA_INTERVAL_EXACT, restriction(earliest, null, false), t(now)))).toEqual(exact(deltaExpected));
      });
    }
  }

  // Vectors 7 and 8 (catchup=True: "now" plays no part; any value works).
  const anyNow = t('2030-01-01T00:00:00');
  const catchupCases: [string, string | null, string, string, string][] = [
    // id, last (exact), earliest, cron expectation, delta expectation
    ['last_automated_on_boundary', '2022-07-27T00:00:00', START_DATE, '2022-07-27T01:00:00', '2022-07-27T01:00:00'],
    ['last_automated_not_on_boundary', '2022-07-27T00:30:00', START_DATE, '2022-07-27T01:00:00', '2022-07-27T01:30:00'],
    ['no_last_automated_with_earliest_on_boundary', null, '2022-07-27T00:00:00', '2022-07-27T00:00:00', '2022-07-27T00:00:00'],
    ['no_last_automated_with_earliest_not_on_boundary', null, '2022-07-27T00:30:00', '2022-07-27T01:00:00', '2022-07-27T00:30:00'],
  ];
  for (const [id, last, earliest, cronExpected] of catchupCases) {
    it(`test_hourly_cron_trigger_catchup_next_info[${id}]`, () => {
      expect(show(hourlyCron().next_dagrun_info(last === null ? null : di(last), restriction(earliest, null, true), anyNow))).toEqual(exact(cronExpected));
    });
  }
  for (const [tid, make] of hourlyDeltas) {
    for (const [id, last, earliest, , deltaExpected] of catchupCases) {
      it(`test_hourly_delta_trigger_catchup_next_info[${tid}-${id}]`, () => {
        expect(show(make().next_dagrun_info(last === null ? null : di(last), restriction(earliest, null, true), anyNow))).toEqual(exact(deltaExpected));
      });
    }
  }

  // Vector 9.
  it('test_cron_trigger_next_info_with_interval', () => {
    const tt = new CronTriggerTimetable('30 16 * * MON', 'UTC', { interval: d('PT16H30M') });
    const info = tt.next_dagrun_info(di('2022-08-01T00:00:00', '2022-08-01T16:30:00'), restriction(START_DATE, null, true), anyNow);
    expect(show(info)).toEqual(interval('2022-08-08T00:00:00', '2022-08-08T16:30:00'));
    expect(info!.logical_date).toBe(t('2022-08-08T00:00:00'));
  });

  // Vector 10.
  const JUST_AFTER = '2024-08-15T03:05:00';
  const WAY_AFTER = '2024-08-15T12:05:00';
  const PREVIOUS = '2024-08-15T03:00:00';
  const NEXT = '2024-08-16T03:00:00';
  const runImmediatelyCases: [string, boolean | string, string, string][] = [
    ['True-WAY_AFTER', true, WAY_AFTER, PREVIOUS],
    ['False-JUST_AFTER', false, JUST_AFTER, PREVIOUS],
    ['False-WAY_AFTER', false, WAY_AFTER, NEXT],
    ['10min-JUST_AFTER', 'PT10M', JUST_AFTER, PREVIOUS],
    ['10min-WAY_AFTER', 'PT10M', WAY_AFTER, NEXT],
  ];
  for (const catchup of [true, false]) {
    for (const [id, ri, now, expected] of runImmediatelyCases) {
      it(`test_run_immediately[${id}-catchup=${catchup}]`, () => {
        const tt = new CronTriggerTimetable('0 3 * * *', 'UTC', { run_immediately: typeof ri === 'string' ? d(ri) : ri });
        expect(show(tt.next_dagrun_info(null, restriction(null, null, catchup), t(now)))).toEqual(exact(expected));
      });
    }
    // Vector 11.
    it(`test_run_immediately_fast_dag[catchup=${catchup}]`, () => {
      const tt = new CronTriggerTimetable('*/10 3 * * *', 'UTC', { run_immediately: false });
      expect(show(tt.next_dagrun_info(null, restriction(null, null, catchup), t(JUST_AFTER)))).toEqual(exact(PREVIOUS));
    });
  }

  // Vectors 12-14.
  const multi = () => new MultipleCronTriggerTimetable(['@hourly', '30 * * * *'], 'UTC');
  for (const [start, expected] of [
    ['2025-01-01T00:00:00', '2025-01-01T00:00:00'],
    ['2025-01-01T00:05:00', '2025-01-01T00:30:00'],
    ['2025-01-01T00:35:00', '2025-01-01T01:00:00'],
  ]) {
    it(`test_multi_run_first[${start}]`, () => {
      expect(show(multi().next_dagrun_info(null, restriction(start!, null, true), anyNow))).toEqual(exact(expected!));
    });
  }
  for (const [last, expected] of [
    ['2025-01-01T00:00:00', '2025-01-01T00:30:00'],
    ['2025-01-01T00:30:00', '2025-01-01T01:00:00'],
  ]) {
    it(`test_multi_run_next_catchup[${last}]`, () => {
      expect(show(multi().next_dagrun_info(di(last!), restriction(null, null, true), anyNow))).toEqual(exact(expected!));
    });
  }
  for (const [id, now, expected] of [
    ['exact', '2025-02-01T00:30:00', '2025-02-01T00:30:00'],
    ['choose-closest-past', '2025-02-01T01:59:00', '2025-02-01T01:30:00'],
    ['no-past-choose-closest-future', '2025-02-01T00:29:00', '2025-02-01T00:30:00'],
  ]) {
    it(`test_multi_run_next_no_catchup[${id}]`, () => {
      expect(show(multi().next_dagrun_info(di('2025-02-01T00:00:00'), restriction(null, null, false), t(now!)))).toEqual(exact(expected!));
    });
  }

  // Vector 15.
  it('test_validate_failure[cron]', () => {
    expect(() => new CronTriggerTimetable('0 0 1 13 0', 'UTC')).toThrow(new TimetableInvalid('[0 0 1 13 0] is not acceptable, out of range'));
  });
  it('test_validate_failure[timedelta]', () => {
    expect(() => new DeltaTriggerTimetable(d('-P1D'))).toThrow(new TimetableInvalid('schedule interval must be positive, not datetime.timedelta(days=-1)'));
  });
  it('test_validate_failure[relativedelta]', () => {
    expect(() => new DeltaTriggerTimetable(d('-P0M1D'))).toThrow(new TimetableInvalid('schedule interval must be positive, not relativedelta(days=-1)'));
  });
  it('test_validate_success[cron, timedelta, relativedelta]', () => {
    expect(() => hourlyCron()).not.toThrow();
    for (const [, make] of hourlyDeltas) expect(() => make()).not.toThrow();
  });
});

describe('trigger timetables beyond the vectors', () => {
  it('infer_manual_data_interval is [run_after - interval, run_after]', () => {
    const tt = new CronTriggerTimetable('30 16 * * MON', 'UTC', { interval: d('PT16H30M') });
    expect(showInterval(tt.infer_manual_data_interval(t('2022-08-10T12:00:00')))).toEqual({ start: '2022-08-09T19:30:00Z', end: '2022-08-10T12:00:00Z' });
    expect(showInterval(new DeltaTriggerTimetable(d('PT1H')).infer_manual_data_interval(t('2022-08-10T12:00:00')))).toEqual({ start: '2022-08-10T12:00:00Z', end: '2022-08-10T12:00:00Z' });
  });

  it('a calendar interval moves logical_date back by calendar months in UTC', () => {
    const tt = new CronTriggerTimetable('0 0 31 * *', 'UTC', { interval: d('P1M') });
    // relativedelta(months=1) from 2025-03-31 clamps to 2025-02-28.
    expect(show(tt.next_dagrun_info(null, restriction('2025-03-01', null, true), 0))).toEqual(interval('2025-02-28T00:00:00', '2025-03-31T00:00:00'));
  });

  it('latest (end_date) is inclusive', () => {
    const tt = new CronTriggerTimetable('@daily', 'UTC');
    expect(show(tt.next_dagrun_info(di('2025-01-01'), restriction('2025-01-01', '2025-01-02', true), 0))).toEqual(exact('2025-01-02'));
    expect(tt.next_dagrun_info(di('2025-01-02'), restriction('2025-01-01', '2025-01-02', true), 0)).toBeNull();
  });

  it('run_immediately has no effect once a start_date is set (catchup=False)', () => {
    const tt = new CronTriggerTimetable('0 3 * * *', 'UTC', { run_immediately: false });
    // Without a start_date 12:05 is past the buffer: tomorrow. With one, the latest tick <= now wins.
    expect(show(tt.next_dagrun_info(null, restriction('2024-01-01', null, false), t('2024-08-15T12:05:00')))).toEqual(exact('2024-08-15T03:00:00'));
  });

  it('the 10% buffer: @hourly 6 minutes after the hour runs the past hour, 7 minutes after waits', () => {
    const tt = new CronTriggerTimetable('@hourly', 'UTC');
    expect(show(tt.next_dagrun_info(null, restriction(null, null, false), t('2025-01-01T10:06:00')))).toEqual(exact('2025-01-01T10:00:00'));
    expect(show(tt.next_dagrun_info(null, restriction(null, null, false), t('2025-01-01T10:07:00')))).toEqual(exact('2025-01-01T11:00:00'));
  });

  it('a relativedelta run_immediately is not a timedelta: the 10%/5-minute rule applies', () => {
    const tt = new CronTriggerTimetable('0 3 * * *', 'UTC', { run_immediately: d('P0MT10H') });
    expect(show(tt.next_dagrun_info(null, restriction(null, null, true), t('2024-08-15T12:05:00')))).toEqual(exact('2024-08-16T03:00:00'));
  });

  it('summaries, kinds and flags', () => {
    const cron = new CronTriggerTimetable('@daily', 'UTC');
    expect([cron.kind, cron.summary, cron.periodic, cron.can_be_scheduled, cron.active_runs_limit]).toEqual(['CronTriggerTimetable', '0 0 * * *', true, true, null]);
    expect(new DeltaTriggerTimetable(d('P1D')).summary).toBe('1 day, 0:00:00');
    expect(new DeltaTriggerTimetable(d('PT1H')).summary).toBe('1:00:00');
    expect(new DeltaTriggerTimetable(d('P1M')).summary).toBe('relativedelta(months=+1)');
    expect(multiDefault().summary).toBe('0 * * * *, 30 * * * *');
    expect(multiDefault().kind).toBe('MultipleCronTriggerTimetable');
  });

  it('MultipleCronTriggerTimetable: manual interval takes the candidate with the earliest start; no expressions is refused', () => {
    const m = new MultipleCronTriggerTimetable(['@hourly', '30 * * * *'], 'UTC', { interval: d('PT10M') });
    expect(showInterval(m.infer_manual_data_interval(t('2025-01-01T05:00:00')))).toEqual({ start: '2025-01-01T04:50:00Z', end: '2025-01-01T05:00:00Z' });
    expect(() => new MultipleCronTriggerTimetable([], 'UTC')).toThrow(new TimetableInvalid('cron expression required'));
  });

  it('makeTimetable: a plain cron string is a CronTriggerTimetable unless create_cron_data_intervals', () => {
    expect(makeTimetable({ kind: 'cron', cron: '@daily' }, { timezone: 'UTC', create_cron_data_intervals: false }).kind).toBe('CronTriggerTimetable');
    expect(makeTimetable({ kind: 'cron', cron: '@daily' }, { timezone: 'UTC', create_cron_data_intervals: true }).kind).toBe('CronDataIntervalTimetable');
    expect(makeTimetable({ kind: 'delta', delta: d('P1D') }, { timezone: 'UTC', create_cron_data_intervals: false }).kind).toBe('DeltaTriggerTimetable');
    expect(makeTimetable({ kind: 'delta', delta: d('P1D') }, { timezone: 'UTC', create_cron_data_intervals: true }).kind).toBe('DeltaDataIntervalTimetable');
  });
});

function multiDefault(): MultipleCronTriggerTimetable {
  return new MultipleCronTriggerTimetable(['@hourly', '30 * * * *'], 'UTC');
}
