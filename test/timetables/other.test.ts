// Vectors 28-32 of airflow3-semantics.md §12 (events, continuous, once), plus the asset timetables,
// NullTimetable and makeTimetable's mapping and errors.
import { describe, expect, it } from 'vitest';
import { AssetOrTimeSchedule } from '../../core/timetables/asset_or_time.js';
import { AssetTriggeredTimetable } from '../../core/timetables/asset_triggered.js';
import { ContinuousTimetable } from '../../core/timetables/continuous.js';
import { CronTriggerTimetable } from '../../core/timetables/cron_trigger.js';
import { EventsTimetable } from '../../core/timetables/events.js';
import { makeTimetable } from '../../core/timetables/make_timetable.js';
import { NullTimetable } from '../../core/timetables/null.js';
import { OnceTimetable } from '../../core/timetables/once.js';
import { scheduleSpecFromText } from '../../core/timetables/schedule_text.js';
import type { AssetCondition } from '../../core/model/scenario.js';
import { TimetableInvalid } from '../../core/timetables/types.js';
import { d, di, exact, interval, restriction, show, showInterval, t } from './helpers.js';

describe('test_events_timetable.py', () => {
  const START_DATE = '2021-09-07';
  const EVENT_DATES = ['2021-09-06', '2021-09-07', '2021-09-08', '2021-09-08', '2021-10-09', '2021-09-10'].map(t);
  const SORTED = ['2021-09-06', '2021-09-07', '2021-09-08', '2021-09-10', '2021-10-09'];
  const unrestricted = () => new EventsTimetable(EVENT_DATES);
  const restricted = () => new EventsTimetable(EVENT_DATES, true);
  const anyNow = t('2030-01-01');

  // Vector 28.
  const cases: [string | null, string | null][] = [
    [null, START_DATE],
    [SORTED[0]!, START_DATE],
    ...SORTED.slice(1, -1).map((day1, i): [string, string] => [day1, SORTED[i + 2]!]),
    [SORTED[SORTED.length - 1]!, null],
  ];
  for (const [last, expected] of cases) {
    it(`test_subsequent_weekday_schedule[last=${last ?? 'None'}]`, () => {
      const info = unrestricted().next_dagrun_info(last === null ? null : di(last), restriction(START_DATE, null, true), anyNow);
      expect(show(info)).toEqual(expected === null ? null : exact(expected));
    });
  }

  // Vector 29.
  for (const [id, now, expected] of [
    ['when-current-date-is-before-first-event', '2021-09-01', '2021-09-07'],
    ['when-current-date-is-in-the-middle', '2021-09-08', '2021-09-08'],
    ['when-current-date-is-after-last-event', '2021-12-09', null],
  ] as const) {
    for (const [lid, last] of [['first-run', null], ['subsequent-run', di('2021-09-04')]] as const) {
      it(`test_no_catchup_first_starts[${lid}-${id}]`, () => {
        const info = unrestricted().next_dagrun_info(last, restriction(START_DATE, null, false), t(now));
        expect(show(info)).toEqual(expected === null ? null : exact(expected));
      });
    }
  }

  // Vector 30.
  it('test_manual_with_unrestricted', () => {
    expect(showInterval(unrestricted().infer_manual_data_interval(t('2021-10-01')))).toEqual(showInterval(di('2021-10-01')));
  });
  it('test_manual_with_restricted_middle', () => {
    expect(showInterval(restricted().infer_manual_data_interval(t('2021-10-01')))).toEqual(showInterval(di('2021-09-10')));
  });
  it('test_manual_with_restricted_before', () => {
    expect(showInterval(restricted().infer_manual_data_interval(t('2021-09-04')))).toEqual(showInterval(di('2021-09-06')));
  });
  it('test_empty_timetable', () => {
    expect(new EventsTimetable([]).next_dagrun_info(null, restriction(START_DATE, null, false), anyNow)).toBeNull();
  });
  it('test_empty_timetable_manual_run', () => {
    expect(showInterval(new EventsTimetable([]).infer_manual_data_interval(t(START_DATE)))).toEqual(showInterval(di(START_DATE)));
  });
  it('summary counts the listed events, duplicates included ("6 events")', () => {
    expect(unrestricted().summary).toBe('6 events');
    expect(unrestricted().kind).toBe('EventsTimetable');
  });
});

describe('test_continuous_timetable.py', () => {
  // Vector 31.
  const r = restriction('2023-03-03', '2023-03-10', true);
  it('test_no_runs_without_start_date', () => {
    expect(new ContinuousTimetable().next_dagrun_info(null, restriction(null, null, false), t('2023-03-06'))).toBeNull();
  });
  it('test_first_run_after_start_date_correct_interval', () => {
    expect(show(new ContinuousTimetable().next_dagrun_info(null, r, t('2023-03-06')))).toEqual(interval('2023-03-03', '2023-03-06'));
  });
  it('test_first_run_before_start_date_correct_interval', () => {
    expect(show(new ContinuousTimetable().next_dagrun_info(null, r, t('2023-03-01')))).toEqual(interval('2023-03-03', '2023-03-03'));
  });
  it('test_run_uses_utcnow', () => {
    expect(new ContinuousTimetable().next_dagrun_info(di('2023-03-03', '2023-03-06'), r, t('2023-03-06'))!.run_after).toBe(t('2023-03-06'));
  });
  it('test_no_runs_after_end_date', () => {
    expect(new ContinuousTimetable().next_dagrun_info(di('2023-03-03', '2023-03-06'), r, t('2023-03-12'))).toBeNull();
  });
  it('test_no_false_triggering_with_future_start_date_after_run', () => {
    const info = new ContinuousTimetable().next_dagrun_info(di('2023-03-01', '2023-03-01T01:00:00'), r, t('2023-03-01'));
    expect(show(info)).toEqual(interval('2023-03-03', '2023-03-03T01:00:00'));
  });
  it('active_runs_limit is 1 and it is not periodic', () => {
    const c = new ContinuousTimetable();
    expect([c.kind, c.summary, c.active_runs_limit, c.periodic]).toEqual(['ContinuousTimetable', '@continuous', 1, false]);
  });
});

describe('test_once_timetable.py', () => {
  // Vector 32. Airflow freezes 2025-03-04 05:06:07.000008; instants here have millisecond precision.
  const FROZEN_NOW = '2025-03-04T05:06:07';
  const plus1d = '2025-03-05T05:06:07';
  const minus1d = '2025-03-03T05:06:07';
  const PREVIOUS = di(minus1d);
  const cases: [string, ReturnType<typeof di> | null, string | null, string | null][] = [
    ['None-None', null, null, FROZEN_NOW],
    ['None-now+1d', null, plus1d, FROZEN_NOW],
    ['None-now-1d', null, minus1d, null],
    ['previous-None', PREVIOUS, null, null],
    ['previous-now+1d', PREVIOUS, plus1d, null],
    ['previous-now-1d', PREVIOUS, minus1d, null],
  ];
  for (const catchup of [true, false]) {
    for (const [id, prev, end, expected] of cases) {
      it(`test_no_start_date_means_now[${catchup}-${id}]`, () => {
        const info = new OnceTimetable().next_dagrun_info(prev, restriction(null, end, catchup), t(FROZEN_NOW));
        expect(show(info)).toEqual(expected === null ? null : exact(expected));
      });
    }
  }
  it('with a start_date the run is at the start_date, whatever now is', () => {
    expect(show(new OnceTimetable().next_dagrun_info(null, restriction('2025-01-01', null, false), t(FROZEN_NOW)))).toEqual(exact('2025-01-01'));
  });
});

describe('NullTimetable and asset timetables', () => {
  const cond: AssetCondition = { kind: 'all', of: [{ kind: 'asset', name: 'a' }, { kind: 'asset', name: 'b' }] };

  it('NullTimetable never schedules and cannot be scheduled', () => {
    const n = new NullTimetable();
    expect([n.kind, n.summary, n.can_be_scheduled, n.periodic]).toEqual(['NullTimetable', 'None', false, false]);
    expect(n.next_dagrun_info()).toBeNull();
    expect(showInterval(n.infer_manual_data_interval(t('2025-01-01')))).toEqual(showInterval(di('2025-01-01')));
  });

  it('AssetTriggeredTimetable: summary "Asset", no time-based runs, manual exact(run_after)', () => {
    const a = new AssetTriggeredTimetable(cond);
    expect([a.kind, a.summary, a.periodic, a.asset_condition]).toEqual(['AssetTriggeredTimetable', 'Asset', false, cond]);
    expect(a.next_dagrun_info()).toBeNull();
    expect(showInterval(a.infer_manual_data_interval(t('2025-01-01T10:00:00')))).toEqual(showInterval(di('2025-01-01T10:00:00')));
  });

  it('AssetOrTimeSchedule delegates the time part to its timetable', () => {
    const inner = new CronTriggerTimetable('@daily', 'UTC');
    const a = new AssetOrTimeSchedule(cond, inner);
    expect([a.kind, a.summary, a.periodic, a.can_be_scheduled, a.active_runs_limit]).toEqual(['AssetOrTimeSchedule', 'Asset or 0 0 * * *', true, true, null]);
    expect(show(a.next_dagrun_info(null, restriction('2025-01-01', null, true), 0))).toEqual(exact('2025-01-01'));
    expect(a.asset_condition).toBe(cond);
    const cont = new AssetOrTimeSchedule(cond, new ContinuousTimetable());
    expect(cont.active_runs_limit).toBe(1);
  });

  it('nesting asset timetables raises TimetableInvalid("cannot nest asset timetables")', () => {
    const nested = () => makeTimetable(
      { kind: 'asset_or_time', condition: cond, timetable: { kind: 'assets', condition: cond } },
      { timezone: 'UTC', create_cron_data_intervals: false },
    );
    expect(nested).toThrow(new TimetableInvalid('cannot nest asset timetables'));
    const doubly = () => makeTimetable(
      { kind: 'asset_or_time', condition: cond, timetable: { kind: 'asset_or_time', condition: cond, timetable: { kind: 'once' } } },
      { timezone: 'UTC', create_cron_data_intervals: false },
    );
    expect(doubly).toThrow(new TimetableInvalid('cannot nest asset timetables'));
  });
});

describe('makeTimetable', () => {
  const opts = { timezone: 'Europe/Berlin', create_cron_data_intervals: false };

  it('maps every ScheduleSpec kind to its Airflow class', () => {
    const cond: AssetCondition = { kind: 'asset', name: 'x' };
    const kinds = [
      makeTimetable({ kind: 'null' }, opts),
      makeTimetable({ kind: 'once' }, opts),
      makeTimetable({ kind: 'continuous' }, opts),
      makeTimetable({ kind: 'cron_trigger', cron: '0 3 * * *', interval: d('PT0S'), run_immediately: false }, opts),
      makeTimetable({ kind: 'cron_data_interval', cron: '@daily' }, opts),
      makeTimetable({ kind: 'delta_trigger', delta: d('P1D'), interval: d('PT0S') }, opts),
      makeTimetable({ kind: 'delta_data_interval', delta: d('P1D') }, opts),
      makeTimetable({ kind: 'multiple_cron', crons: ['@hourly', '30 * * * *'], interval: d('PT0S'), run_immediately: false }, opts),
      makeTimetable({ kind: 'events', events: [t('2025-01-03')], restrict_to_events: false }, opts),
      makeTimetable({ kind: 'assets', condition: cond }, opts),
      makeTimetable({ kind: 'asset_or_time', condition: cond, timetable: { kind: 'cron', cron: '@daily' } }, opts),
    ].map((tt) => `${tt.kind}: ${tt.summary}`);
    expect(kinds).toEqual([
      'NullTimetable: None',
      'OnceTimetable: @once',
      'ContinuousTimetable: @continuous',
      'CronTriggerTimetable: 0 3 * * *',
      'CronDataIntervalTimetable: 0 0 * * *',
      'DeltaTriggerTimetable: 1 day, 0:00:00',
      'DeltaDataIntervalTimetable: 1 day, 0:00:00',
      'MultipleCronTriggerTimetable: 0 * * * *, 30 * * * *',
      'EventsTimetable: 1 events',
      'AssetTriggeredTimetable: Asset',
      'AssetOrTimeSchedule: Asset or 0 0 * * *',
    ]);
  });

  it('a cron string "@once" or "@continuous" maps to those timetables, as the DAG constructor does', () => {
    expect(makeTimetable({ kind: 'cron', cron: '@once' }, opts).kind).toBe('OnceTimetable');
    expect(makeTimetable({ kind: 'cron', cron: '@continuous' }, { ...opts, create_cron_data_intervals: true }).kind).toBe('ContinuousTimetable');
  });

  it("throws TimetableInvalid with Airflow's messages", () => {
    const bad = (spec: Parameters<typeof makeTimetable>[0]) => () => makeTimetable(spec, opts);
    expect(bad({ kind: 'cron', cron: '0 0 1 13 0' })).toThrow(new TimetableInvalid('[0 0 1 13 0] is not acceptable, out of range'));
    expect(bad({ kind: 'cron', cron: '@every 30s' })).toThrow(new TimetableInvalid('Exactly 5, 6 or 7 columns has to be specified for iterator expression.'));
    expect(bad({ kind: 'delta', delta: d('PT0S') })).toThrow(new TimetableInvalid('schedule interval must be positive, not datetime.timedelta(0)'));
    expect(bad({ kind: 'delta_data_interval', delta: d('-PT1H') })).toThrow(new TimetableInvalid('schedule interval must be positive, not datetime.timedelta(days=-1, seconds=82800)'));
    expect(bad({ kind: 'multiple_cron', crons: ['@hourly', '61 * * * *'], interval: d('PT0S'), run_immediately: false })).toThrow(new TimetableInvalid('[61 * * * *] is not acceptable, out of range'));
    expect(bad({ kind: 'asset_or_time', condition: { kind: 'asset', name: 'x' }, timetable: { kind: 'cron', cron: 'nope' } })).toThrow(TimetableInvalid);
    expect(() => makeTimetable({ kind: 'cron', cron: '@daily' }, { timezone: 'Mars/Olympus', create_cron_data_intervals: false })).toThrow(new TimetableInvalid("unknown time zone 'Mars/Olympus'"));
  });

  it('scheduleSpecFromText reads the one-string forms', () => {
    expect(scheduleSpecFromText('None')).toEqual({ kind: 'null' });
    expect(scheduleSpecFromText('@once')).toEqual({ kind: 'once' });
    expect(scheduleSpecFromText('@continuous')).toEqual({ kind: 'continuous' });
    expect(scheduleSpecFromText('@daily')).toEqual({ kind: 'cron', cron: '@daily' });
    expect(scheduleSpecFromText('0 3 * * *')).toEqual({ kind: 'cron', cron: '0 3 * * *' });
    expect(scheduleSpecFromText('PT1H')).toEqual({ kind: 'delta', delta: d('PT1H') });
  });
});
