import { describe, expect, test } from 'vitest';
import { formatError, parseScenario } from '../../core/scenario/parse.js';
import type { Scenario } from '../../core/model/scenario.js';
import { DEFAULT_POOL_SLOTS, PROFILE_CONFIG } from '../../core/scenario/defaults.js';

const HEAD = 'windtunnel: 1\nname: t\nclock: {start: 2025-01-01T00:00:00Z, end: 2025-01-08T00:00:00Z}\n';
const T0 = Date.UTC(2025, 0, 1);
const H = 3_600_000;

function ok(text: string): Scenario {
  const r = parseScenario(text, 's.yaml');
  if (!r.ok) throw new Error(`expected a valid scenario:\n${r.errors.map(formatError).join('\n')}`);
  return r.scenario;
}

function warnings(text: string): string[] {
  const r = parseScenario(text, 's.yaml');
  if (!r.ok) throw new Error(`expected a valid scenario:\n${r.errors.map(formatError).join('\n')}`);
  return r.warnings.map(formatError);
}

function errors(text: string): string[] {
  const r = parseScenario(text, 's.yaml');
  if (r.ok) throw new Error('expected errors, got a valid scenario');
  return r.errors.map(formatError);
}

describe('valid files and defaults', () => {
  test('minimal file', () => {
    const s = ok(HEAD);
    expect(s).toEqual({
      windtunnel: 1,
      name: 't',
      description: '',
      airflow: '3.3',
      rules: { prior_run_order: 'logical_date' },
      config: {
        catchup_by_default: false, create_cron_data_intervals: false, max_active_runs_per_dag: 16,
        max_active_tasks_per_dag: 16, parallelism: 32, default_timezone: 'UTC',
      },
      clock: { start: T0, end: T0 + 7 * 24 * H },
      seed: 0,
      pools: { default_pool: 128 },
      assets: [],
      dags: [],
      events: [],
    });
  });

  test('profile config defaults', () => {
    expect(ok(`${HEAD}airflow: "2"\n`).config).toEqual({ ...PROFILE_CONFIG['2'] });
    expect(PROFILE_CONFIG['2'].catchup_by_default).toBe(true);
    expect(PROFILE_CONFIG['2'].create_cron_data_intervals).toBe(true);
    expect(ok(`${HEAD}airflow: "3.0"\n`).config).toEqual({ ...PROFILE_CONFIG['3.0'] });
    expect(ok(`${HEAD}airflow: "3.0"\n`).config.catchup_by_default).toBe(false);
    // Unquoted numbers are read by their text, so 3.0 keeps its ".0".
    expect(ok(`${HEAD}airflow: 3.0\n`).airflow).toBe('3.0');
    expect(ok(`${HEAD}airflow: 2\n`).airflow).toBe('2');
  });

  test('config values override the profile one by one', () => {
    const s = ok(`${HEAD}airflow: "2"\nconfig: {catchup_by_default: false, parallelism: 4, default_timezone: Europe/Berlin}\n`);
    expect(s.config).toEqual({
      catchup_by_default: false, create_cron_data_intervals: true, max_active_runs_per_dag: 16,
      max_active_tasks_per_dag: 16, parallelism: 4, default_timezone: 'Europe/Berlin',
    });
  });

  test('seed, description, rules, pools', () => {
    const s = ok(`${HEAD}seed: 42\ndescription: |\n  # Title\nrules: {prior_run_order: run_after}\npools: {gpu: 2, default_pool: 8}\n`);
    expect(s.seed).toBe(42);
    expect(s.description).toBe('# Title\n');
    expect(s.rules.prior_run_order).toBe('run_after');
    expect(s.pools).toEqual({ default_pool: 8, gpu: 2 });
    expect(ok(`${HEAD}pools: {gpu: 2}\n`).pools).toEqual({ default_pool: DEFAULT_POOL_SLOTS, gpu: 2 });
  });

  test('assets: uri defaults to the name; watchers', () => {
    const s = ok(`${HEAD}assets:\n  - name: model\n  - name: req\n    uri: sqs://q\n    watchers: [{name: w, queue: inference}]\n`);
    expect(s.assets).toEqual([
      { name: 'model', uri: 'model', watchers: [] },
      { name: 'req', uri: 'sqs://q', watchers: [{ name: 'w', queue: 'inference' }] },
    ]);
  });

  test('dag and task defaults', () => {
    const s = ok(`${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - task_id: a\n`);
    expect(s.dags[0]).toEqual({
      dag_id: 'd', schedule: { kind: 'null' }, start_date: null, end_date: null, timezone: 'UTC', catchup: false,
      paused: false, max_active_runs: 16, max_active_tasks: 16, max_consecutive_failed_dag_runs: 0,
      dagrun_timeout_ms: null, params: {}, schedule_text: 'None',
      tasks: [{
        task_id: 'a', operator: 'python', upstream: [], duration: { kind: 'fixed', ms: 60_000 }, outcome: { kind: 'success' },
        returns: null, templates: {}, trigger_rule: 'all_success', depends_on_past: false, wait_for_downstream: false,
        ignore_first_depends_on_past: false, retries: 0, retry_delay_ms: 300_000, retry_exponential_backoff: false,
        max_retry_delay_ms: null, execution_timeout_ms: null, pool: 'default_pool', pool_slots: 1, priority_weight: 1, weight_rule: 'downstream',
        max_active_tis_per_dag: null, max_active_tis_per_dagrun: null, outlets: [], trigger: null,
        start_date: null, end_date: null,
      }],
    });
  });

  test('dag defaults come from config', () => {
    const s = ok(`${HEAD}config: {max_active_runs_per_dag: 3, max_active_tasks_per_dag: 5, catchup_by_default: true, default_timezone: Asia/Tokyo}
dags:
  - dag_id: d
    start_date: 2025-01-01
    tasks: [{task_id: a}]
`);
    const d = s.dags[0];
    expect([d.max_active_runs, d.max_active_tasks, d.catchup, d.timezone]).toEqual([3, 5, true, 'Asia/Tokyo']);
  });

  test('every dag and task key', () => {
    const s = ok(`${HEAD}pools: {gpu: 2}
assets: [{name: model}]
dags:
  - dag_id: train_model
    schedule: "0 3 * * *"
    start_date: 2025-01-01
    end_date: 2025-02-01T00:00:00Z
    timezone: Europe/Berlin
    catchup: true
    paused: true
    max_active_runs: 2
    max_active_tasks: 3
    max_consecutive_failed_dag_runs: 4
    dagrun_timeout: PT2H
    params: {lr: 0.01, nested: {a: [1, 2]}}
    default_args: {retries: 2, retry_delay: PT1M, depends_on_past: true, pool: gpu}
    tasks:
      - task_id: prepare
        operator: empty
      - task_id: train
        upstream: [prepare]
        duration: {uniform: [PT5M, PT15M]}
        outcome: {fail_tries: 2}
        returns: "{{ params.lr * 100 }}"
        templates: {bash_command: "train.py --ds {{ ds }}"}
        trigger_rule: none_failed_min_one_success
        depends_on_past: false
        wait_for_downstream: true
        ignore_first_depends_on_past: true
        retries: 5
        retry_delay: PT30S
        retry_exponential_backoff: true
        max_retry_delay: PT1H
        pool: default_pool
        pool_slots: 2
        priority_weight: 10
        weight_rule: absolute
        max_active_tis_per_dag: 1
        max_active_tis_per_dagrun: 1
        outlets: [model]
        start_date: 2025-01-02
        end_date: null
      - task_id: check
        upstream: [train]
        outcome: {fail_if: "{{ params.lr > 0.05 }}"}
        trigger_rule: all_done_min_one_success
`);
    const d = s.dags[0];
    expect(d.schedule).toEqual({ kind: 'cron', cron: '0 3 * * *' });
    expect(d.schedule_text).toBe('0 3 * * *');
    expect([d.start_date, d.end_date, d.timezone, d.catchup, d.paused]).toEqual([T0, Date.UTC(2025, 1, 1), 'Europe/Berlin', true, true]);
    expect([d.max_active_runs, d.max_active_tasks, d.max_consecutive_failed_dag_runs, d.dagrun_timeout_ms]).toEqual([2, 3, 4, 2 * H]);
    expect(d.params).toEqual({ lr: 0.01, nested: { a: [1, 2] } });
    const [prepare, train, check] = d.tasks;
    // default_args reach every task unless the task says otherwise.
    expect(prepare).toMatchObject({ operator: 'empty', retries: 2, retry_delay_ms: 60_000, depends_on_past: true, pool: 'gpu' });
    expect(train).toMatchObject({
      upstream: ['prepare'], duration: { kind: 'uniform', min_ms: 300_000, max_ms: 900_000 },
      outcome: { kind: 'fail_tries', tries: 2 }, returns: '{{ params.lr * 100 }}',
      templates: { bash_command: 'train.py --ds {{ ds }}' }, trigger_rule: 'none_failed_min_one_success',
      // wait_for_downstream implies depends_on_past, as in BaseOperator.
      depends_on_past: true, wait_for_downstream: true, ignore_first_depends_on_past: true, retries: 5,
      retry_delay_ms: 30_000, retry_exponential_backoff: true, max_retry_delay_ms: H, pool: 'default_pool', pool_slots: 2,
      priority_weight: 10, weight_rule: 'absolute', max_active_tis_per_dag: 1, max_active_tis_per_dagrun: 1,
      outlets: ['model'], start_date: T0 + 24 * H, end_date: null,
    });
    expect(check).toMatchObject({ outcome: { kind: 'fail_if', template: '{{ params.lr > 0.05 }}' }, trigger_rule: 'all_done_min_one_success', pool: 'gpu' });
  });

  test('default_args.start_date becomes the dag start_date (Airflow _default_start_date)', () => {
    const s = ok(`${HEAD}airflow: "2"\ndags:\n  - dag_id: d\n    schedule: "@daily"\n    default_args: {start_date: 2025-01-03}\n    tasks: [{task_id: a}]\n`);
    expect(s.dags[0].start_date).toBe(T0 + 48 * H);
    expect(s.dags[0].tasks[0].start_date).toBe(T0 + 48 * H);
    expect(s.dags[0].catchup).toBe(true);
  });

  test('trigger_dagrun task: defaults and logical_date forms', () => {
    const s = ok(`${HEAD}dags:
  - dag_id: up
    tasks:
      - task_id: t1
        operator: trigger_dagrun
        trigger: {dag_id: down}
      - task_id: t2
        operator: trigger_dagrun
        trigger: {dag_id: down, logical_date: null, conf: {p: "{{ params.path }}"}, wait_for_completion: true,
                  poke_interval: PT10S, allowed_states: [success, failed], failed_states: [], trigger_run_id: "r1",
                  reset_dag_run: true, skip_when_already_exists: true, fail_when_dag_is_paused: true}
      - task_id: t3
        operator: trigger_dagrun
        trigger: {dag_id: down, logical_date: "{{ ts }}"}
  - dag_id: down
`);
    const [t1, t2, t3] = s.dags[0].tasks;
    expect(t1.trigger).toEqual({
      dag_id: 'down', conf: {}, logical_date: undefined, trigger_run_id: null, wait_for_completion: false,
      poke_interval_ms: 60_000, allowed_states: ['success'], failed_states: ['failed'], reset_dag_run: false,
      skip_when_already_exists: false, fail_when_dag_is_paused: false,
    });
    expect(t2.trigger).toEqual({
      dag_id: 'down', conf: { p: '{{ params.path }}' }, logical_date: null, trigger_run_id: 'r1', wait_for_completion: true,
      poke_interval_ms: 10_000, allowed_states: ['success', 'failed'], failed_states: [], reset_dag_run: true,
      skip_when_already_exists: true, fail_when_dag_is_paused: true,
    });
    expect(t3.trigger?.logical_date).toBe('{{ ts }}');
  });

  test('schedule forms', () => {
    const forms: [string, unknown, string][] = [
      ['null', { kind: 'null' }, 'None'],
      ['"@once"', { kind: 'once' }, '@once'],
      ['"@continuous"', { kind: 'continuous' }, '@continuous'],
      ['"@daily"', { kind: 'cron', cron: '@daily' }, '@daily'],
      ['"@quarterly"', { kind: 'cron', cron: '@quarterly' }, '@quarterly'],
      ['"0 3 * * *"', { kind: 'cron', cron: '0 3 * * *' }, '0 3 * * *'],
      ['{delta: PT1H}', { kind: 'delta', delta: { months: 0, ms: H, iso: 'PT1H' } }, '{delta: PT1H}'],
      ['{cron_trigger: "0 3 * * *"}', { kind: 'cron_trigger', cron: '0 3 * * *', interval: { months: 0, ms: 0, iso: 'PT0S' }, run_immediately: false }, '{cron_trigger: "0 3 * * *"}'],
      ['{cron_trigger: "0 3 * * *", interval: PT1H, run_immediately: PT10M}', { kind: 'cron_trigger', cron: '0 3 * * *', interval: { months: 0, ms: H, iso: 'PT1H' }, run_immediately: { months: 0, ms: 600_000, iso: 'PT10M' } }, '{cron_trigger: "0 3 * * *", interval: PT1H, run_immediately: PT10M}'],
      ['{cron_trigger: "@hourly", run_immediately: true}', { kind: 'cron_trigger', cron: '@hourly', interval: { months: 0, ms: 0, iso: 'PT0S' }, run_immediately: true }, '{cron_trigger: @hourly, run_immediately: true}'],
      ['{cron_data_interval: "@daily"}', { kind: 'cron_data_interval', cron: '@daily' }, '{cron_data_interval: @daily}'],
      ['{delta_trigger: P1D, interval: PT0S}', { kind: 'delta_trigger', delta: { months: 0, ms: 24 * H, iso: 'P1D' }, interval: { months: 0, ms: 0, iso: 'PT0S' } }, '{delta_trigger: P1D, interval: PT0S}'],
      ['{delta_data_interval: P1M}', { kind: 'delta_data_interval', delta: { months: 1, ms: 0, iso: 'P1M' } }, '{delta_data_interval: P1M}'],
      ['{multiple_cron: ["@hourly", "30 * * * *"]}', { kind: 'multiple_cron', crons: ['@hourly', '30 * * * *'], interval: { months: 0, ms: 0, iso: 'PT0S' }, run_immediately: false }, '{multiple_cron: [@hourly, "30 * * * *"]}'],
      ['{events: [2025-01-03, "2025-01-05T12:00:00Z"], restrict_to_events: true}', { kind: 'events', events: [T0 + 48 * H, T0 + 108 * H], restrict_to_events: true }, '{events: [2025-01-03, 2025-01-05T12:00:00Z], restrict_to_events: true}'],
      ['{assets: [a, b]}', { kind: 'assets', condition: { kind: 'all', of: [{ kind: 'asset', name: 'a' }, { kind: 'asset', name: 'b' }] } }, '{assets: [a, b]}'],
      ['{assets: a}', { kind: 'assets', condition: { kind: 'asset', name: 'a' } }, '{assets: a}'],
      ['{assets: {any: [a, b]}}', { kind: 'assets', condition: { kind: 'any', of: [{ kind: 'asset', name: 'a' }, { kind: 'asset', name: 'b' }] } }, '{assets: {any: [a, b]}}'],
      ['{assets: {all: [a, {any: [b, c]}]}}', { kind: 'assets', condition: { kind: 'all', of: [{ kind: 'asset', name: 'a' }, { kind: 'any', of: [{ kind: 'asset', name: 'b' }, { kind: 'asset', name: 'c' }] }] } }, '{assets: {all: [a, {any: [b, c]}]}}'],
      ['{assets: [a], or_schedule: "@daily"}', { kind: 'asset_or_time', condition: { kind: 'all', of: [{ kind: 'asset', name: 'a' }] }, timetable: { kind: 'cron', cron: '@daily' } }, '{assets: [a], or_schedule: @daily}'],
      ['{assets: [a], or_schedule: {delta_trigger: PT6H}}', { kind: 'asset_or_time', condition: { kind: 'all', of: [{ kind: 'asset', name: 'a' }] }, timetable: { kind: 'delta_trigger', delta: { months: 0, ms: 6 * H, iso: 'PT6H' }, interval: { months: 0, ms: 0, iso: 'PT0S' } } }, '{assets: [a], or_schedule: {delta_trigger: PT6H}}'],
    ];
    for (const [yaml, spec, text] of forms) {
      const s = ok(`${HEAD}assets: [{name: a}, {name: b}, {name: c}]\ndags:\n  - dag_id: d\n    max_active_runs: 1\n    schedule: ${yaml}\n    tasks: [{task_id: x}]\n`);
      expect(s.dags[0].schedule, yaml).toEqual(spec);
      expect(s.dags[0].schedule_text, yaml).toBe(text);
    }
  });

  test('absent schedule is null (Airflow 3 default), in every profile', () => {
    expect(ok(`${HEAD}airflow: "2"\ndags: [{dag_id: d, tasks: [{task_id: a}]}]\n`).dags[0].schedule).toEqual({ kind: 'null' });
  });

  test('events: every kind and its defaults, in file order', () => {
    const s = ok(`${HEAD}assets: [{name: model, watchers: [{name: w, queue: q}]}]
dags: [{dag_id: d, tasks: [{task_id: a}]}]
events:
  - at: 2025-01-02T00:00:00Z
    trigger: {dag_id: d}
  - at: 2025-01-01T09:00:00Z
    trigger: {dag_id: d, conf: {lr: 0.001}, logical_date: null, run_id: r1, via: ui}
  - at: 2025-01-01T09:00:00Z
    trigger: {dag_id: d, logical_date: 2025-01-01, via: api}
  - at: 2025-01-01T10:00:00Z
    api: {method: POST, path: /api/v2/dags/d/dagRuns, body: {logical_date: null, conf: {}}}
  - at: 2025-01-01T10:00:00Z
    api: {method: GET, path: /api/v2/dags/d}
  - at: 2025-01-01T11:00:00Z
    message: {queue: q, payload: {input_path: "s3://bucket/batch_123.csv"}}
  - at: 2025-01-01T11:00:00Z
    message: {queue: q}
  - at: 2025-01-01T12:00:00Z
    asset_event: {asset: model}
  - at: 2025-01-01T12:00:00Z
    asset_event: {asset: model, extra: {k: 1}}
  - at: 2025-01-03
    backfill: {dag_id: d, from_date: 2025-01-01, to_date: 2025-01-02}
  - at: 2025-01-03
    backfill: {dag_id: d, from_date: 2025-01-01, to_date: 2025-01-02, reprocess_behavior: failed, max_active_runs: 2, run_backwards: true, dag_run_conf: {x: 1}}
  - at: 2025-01-04
    pause: d
  - at: 2025-01-04
    unpause: d
  - at: 2025-01-05
    clear: {dag_id: d, run_id: "manual__x"}
  - at: 2025-01-05
    clear: {dag_id: d, run_id: "manual__x", task_ids: [a], only_failed: true}
  - at: 2025-01-06
    mark: {dag_id: d, run_id: "manual__x", state: success}
  - at: 2025-01-06
    mark: {dag_id: d, run_id: "manual__x", task_id: a, state: skipped}
`);
    const D = 24 * H;
    expect(s.events).toEqual([
      { kind: 'trigger', at: T0 + D, trigger: { dag_id: 'd', conf: {}, logical_date: undefined, run_id: null, via: 'cli' } },
      { kind: 'trigger', at: T0 + 9 * H, trigger: { dag_id: 'd', conf: { lr: 0.001 }, logical_date: null, run_id: 'r1', via: 'ui' } },
      { kind: 'trigger', at: T0 + 9 * H, trigger: { dag_id: 'd', conf: {}, logical_date: T0, run_id: null, via: 'api' } },
      { kind: 'api', at: T0 + 10 * H, api: { method: 'POST', path: '/api/v2/dags/d/dagRuns', body: { logical_date: null, conf: {} } } },
      { kind: 'api', at: T0 + 10 * H, api: { method: 'GET', path: '/api/v2/dags/d', body: undefined } },
      { kind: 'message', at: T0 + 11 * H, message: { queue: 'q', payload: { input_path: 's3://bucket/batch_123.csv' } } },
      { kind: 'message', at: T0 + 11 * H, message: { queue: 'q', payload: null } },
      { kind: 'asset_event', at: T0 + 12 * H, asset_event: { asset: 'model', extra: {} } },
      { kind: 'asset_event', at: T0 + 12 * H, asset_event: { asset: 'model', extra: { k: 1 } } },
      { kind: 'backfill', at: T0 + 2 * D, backfill: { dag_id: 'd', from_date: T0, to_date: T0 + D, reprocess_behavior: 'none', max_active_runs: 10, run_backwards: false, dag_run_conf: {} } },
      { kind: 'backfill', at: T0 + 2 * D, backfill: { dag_id: 'd', from_date: T0, to_date: T0 + D, reprocess_behavior: 'failed', max_active_runs: 2, run_backwards: true, dag_run_conf: { x: 1 } } },
      { kind: 'pause', at: T0 + 3 * D, dag_id: 'd' },
      { kind: 'unpause', at: T0 + 3 * D, dag_id: 'd' },
      { kind: 'clear', at: T0 + 4 * D, clear: { dag_id: 'd', run_id: 'manual__x', task_ids: null, only_failed: false, upstream: false, downstream: false, future: false, past: false, dag_run_state: 'queued' } },
      { kind: 'clear', at: T0 + 4 * D, clear: { dag_id: 'd', run_id: 'manual__x', task_ids: ['a'], only_failed: true, upstream: false, downstream: false, future: false, past: false, dag_run_state: 'queued' } },
      { kind: 'mark', at: T0 + 5 * D, mark: { dag_id: 'd', run_id: 'manual__x', task_id: null, state: 'success' } },
      { kind: 'mark', at: T0 + 5 * D, mark: { dag_id: 'd', run_id: 'manual__x', task_id: 'a', state: 'skipped' } },
    ]);
    // The `logical_date` key distinguishes absent from null.
    expect('logical_date' in (s.events[0] as { trigger: object }).trigger).toBe(true);
  });

  test('events may name unknown dags (Airflow answers 404 at run time)', () => {
    const s = ok(`${HEAD}events:\n  - at: 2025-01-02\n    trigger: {dag_id: nope}\n  - at: 2025-01-02\n    pause: nope\n`);
    expect(s.events.length).toBe(2);
  });

  test('naive date-times are read in config.default_timezone; plain dates are UTC midnight', () => {
    const s = ok(`windtunnel: 1\nname: t\nconfig: {default_timezone: Europe/Berlin}\nclock: {start: 2025-01-01, end: "2025-01-02T00:00:00"}\n`);
    expect(s.clock.start).toBe(T0);
    expect(s.clock.end).toBe(T0 + 23 * H);
  });

  test('JSON input', () => {
    const s = ok(JSON.stringify({
      windtunnel: 1, name: 'json-file', airflow: '3.0',
      clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' },
      dags: [{ dag_id: 'd', schedule: '@hourly', tasks: [{ task_id: 'a' }, { task_id: 'b', upstream: ['a'] }] }],
      events: [{ at: '2025-01-01T01:00:00Z', trigger: { dag_id: 'd', logical_date: null } }],
    }, null, 2));
    expect(s.airflow).toBe('3.0');
    expect(s.dags[0].tasks[1].upstream).toEqual(['a']);
    expect(s.events[0]).toMatchObject({ kind: 'trigger', trigger: { logical_date: null } });
  });

  test('YAML 1.2: dates and yes/no stay strings', () => {
    const s = ok(`${HEAD}dags: [{dag_id: d, params: {day: 2025-01-01, flag: yes, n: 1}}]\n`);
    expect(s.dags[0].params).toEqual({ day: '2025-01-01', flag: 'yes', n: 1 });
  });

  test('anchors and aliases are followed', () => {
    const s = ok(`${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - &base {task_id: a, retries: 3}\n      - {task_id: b, upstream: [a]}\n    params: {copy: *base}\n`);
    expect(s.dags[0].params).toEqual({ copy: { task_id: 'a', retries: 3 } });
  });

  test('__proto__ keys are plain data', () => {
    const s = ok(`${HEAD}pools: {__proto__: 3}\ndags: [{dag_id: d, params: {__proto__: {polluted: true}}}]\n`);
    expect(Object.getPrototypeOf(s.dags[0].params)).toBe(Object.prototype);
    expect(Object.keys(s.dags[0].params)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(s.pools)).toEqual(['default_pool', '__proto__']);
  });
});

describe('warnings', () => {
  test('unknown trigger target, unwatched queue, unknown asset event, events after the end, oversize pool_slots', () => {
    expect(warnings(`${HEAD}pools: {gpu: 1}
dags:
  - dag_id: d
    tasks:
      - {task_id: t, operator: trigger_dagrun, trigger: {dag_id: nope}}
      - {task_id: g, pool: gpu, pool_slots: 2}
events:
  - at: 2025-01-02
    message: {queue: nobody}
  - at: 2025-01-02
    asset_event: {asset: ghost}
  - at: 2025-02-01
    pause: d
`)).toEqual([
      "s.yaml:8:66 dags[0].tasks[0].trigger.dag_id: no dag 'nope' in this scenario: the task will fail at run time (DagNotFound)",
      "s.yaml:9:45 dags[0].tasks[1].pool_slots: pool_slots 2 is more than pool 'gpu' has (1): the task can never run",
      "s.yaml:12:22 events[0].message.queue: no asset watcher listens on queue 'nobody': the message has no effect",
      "s.yaml:14:26 events[1].asset_event.asset: unknown asset 'ghost': the event will be rejected (404)",
      's.yaml:15:9 events[2].at: event is after clock.end: it will not happen',
    ]);
  });

  test('Airflow 2 deprecated trigger rules are rewritten with a warning', () => {
    const text = `${HEAD}airflow: "2"\ndags: [{dag_id: d, tasks: [{task_id: a, trigger_rule: dummy}, {task_id: b, trigger_rule: none_failed_or_skipped}]}]\n`;
    const s = ok(text);
    expect(s.dags[0].tasks.map((t) => t.trigger_rule)).toEqual(['always', 'none_failed_min_one_success']);
    expect(warnings(text)).toEqual([
      's.yaml:5:55 dags[0].tasks[0].trigger_rule: dummy Trigger Rule is deprecated. Please use `always`.',
      's.yaml:5:90 dags[0].tasks[1].trigger_rule: none_failed_or_skipped Trigger Rule is deprecated. Please use `none_failed_min_one_success`.',
    ]);
  });

  test('a dag without tasks', () => {
    expect(warnings(`${HEAD}dags: [{dag_id: d}]\n`)).toEqual(["s.yaml:4:8 dags[0]: dag 'd' has no tasks"]);
  });
});

describe('errors, one kind at a time', () => {
  const cases: [string, string, string[]][] = [
    ['missing required top-level keys', 'description: x\n', [
      "s.yaml:1:1 windtunnel: missing required key 'windtunnel' (the format version, 1)",
      "s.yaml:1:1 name: missing required key 'name'",
      "s.yaml:1:1 clock: missing required key 'clock' (start and end of the simulation)",
    ]],
    ['wrong version', HEAD.replace('windtunnel: 1', 'windtunnel: 2'), [
      's.yaml:1:13 windtunnel: unsupported format version 2 (this Windtunnel reads version 1)',
    ]],
    ['version as a string', HEAD.replace('windtunnel: 1', 'windtunnel: "1"'), [
      "s.yaml:1:13 windtunnel: expected an integer, got '1'",
    ]],
    ['bad name', HEAD.replace('name: t', 'name: my scenario'), [
      "s.yaml:2:7 name: name 'my scenario' must match [A-Za-z0-9_.-]+",
    ]],
    ['unknown top-level key', `${HEAD}foo: 1\n`, ["s.yaml:4:1 foo: unknown key 'foo'"]],
    ['near-miss key', `${HEAD}evnets: []\n`, ["s.yaml:4:1 evnets: unknown key 'evnets' (did you mean 'events'?)"]],
    ['bad profile', `${HEAD}airflow: "3.4"\n`, ['s.yaml:4:10 airflow: \'3.4\' is not an Airflow profile: use "2", "3.0", "3.1", "3.2" or "3.3"']],
    ['bad prior_run_order', `${HEAD}rules: {prior_run_order: start_date}\n`, [
      "s.yaml:4:26 rules.prior_run_order: 'start_date' is not one of logical_date, run_after",
    ]],
    ['unknown rule', `${HEAD}rules: {strict: true}\n`, ["s.yaml:4:9 rules.strict: unknown key 'strict'"]],
    ['config types', `${HEAD}config: {catchup_by_default: yes, parallelism: 0, max_active_runs_per_dag: -1, default_timezone: Mars/Base}\n`, [
      "s.yaml:4:30 config.catchup_by_default: expected true or false, got 'yes' (YAML 1.2 reads yes/no/on/off as strings)",
      's.yaml:4:48 config.parallelism: expected an integer >= 1, got 0',
      's.yaml:4:76 config.max_active_runs_per_dag: expected an integer >= 0, got -1',
      "s.yaml:4:98 config.default_timezone: unknown time zone 'Mars/Base'",
    ]],
    ['unknown config key', `${HEAD}config: {dags_are_paused_at_creation: true}\n`, [
      "s.yaml:4:10 config.dags_are_paused_at_creation: unknown key 'dags_are_paused_at_creation'",
    ]],
    ['clock end not after start', 'windtunnel: 1\nname: t\nclock: {start: 2025-01-02, end: 2025-01-01}\n', [
      's.yaml:3:33 clock.end: clock.end must be after clock.start',
    ]],
    ['clock missing end', 'windtunnel: 1\nname: t\nclock: {start: 2025-01-02}\n', [
      "s.yaml:3:8 clock.end: missing required key 'end'",
    ]],
    ['clock not a mapping', 'windtunnel: 1\nname: t\nclock: 2025-01-02\n', [
      "s.yaml:3:8 clock: expected a mapping {start, end}, got '2025-01-02'",
    ]],
    ['seed out of range', `${HEAD}seed: -1\n`, ['s.yaml:4:7 seed: expected an integer between 0 and 4294967295, got -1']],
    ['pool slots', `${HEAD}pools: {gpu: two}\n`, ["s.yaml:4:14 pools.gpu: expected an integer >= 0, got 'two'"]],
    ['duplicate asset', `${HEAD}assets:\n  - name: a\n  - name: a\n`, [
      "s.yaml:6:11 assets[1].name: duplicate asset name 'a' (first declared at line 5)",
    ]],
    ['watcher without queue', `${HEAD}assets:\n  - name: a\n    watchers: [{name: w}]\n`, [
      "s.yaml:6:16 assets[0].watchers[0].queue: missing required key 'queue'",
    ]],
    ['dag_id pattern', `${HEAD}dags: [{dag_id: "my dag"}]\n`, [
      "s.yaml:4:17 dags[0].dag_id: The key 'my dag' has to be made of alphanumeric characters, dashes, dots and underscores exclusively",
    ]],
    ['duplicate dag_id', `${HEAD}dags:\n  - {dag_id: d, tasks: [{task_id: a}]}\n  - {dag_id: d, tasks: [{task_id: a}]}\n`, [
      "s.yaml:6:14 dags[1].dag_id: duplicate dag_id 'd' (first defined at line 5)",
    ]],
    ['missing dag_id', `${HEAD}dags:\n  - tasks: []\n`, ["s.yaml:5:5 dags[0].dag_id: missing required key 'dag_id'"]],
    ['unknown dag key', `${HEAD}dags:\n  - dag_id: d\n    owner: me\n`, ["s.yaml:6:5 dags[0].owner: unknown key 'owner'"]],
    ['unknown preset', `${HEAD}dags:\n  - dag_id: d\n    schedule: "@dayly"\n`, ["s.yaml:6:15 dags[0].schedule: unknown preset '@dayly' (did you mean '@daily'?); Airflow says: Exactly 5, 6 or 7 columns has to be specified for iterator expression."]],
    ['schedule of a wrong type', `${HEAD}dags:\n  - dag_id: d\n    schedule: 3600\n`, [
      's.yaml:6:15 dags[0].schedule: expected a schedule (null, a cron string or preset, or a mapping such as {delta: PT1H}), got 3600',
    ]],
    ['schedule as a list', `${HEAD}dags:\n  - dag_id: d\n    schedule: [a]\n`, [
      's.yaml:6:15 dags[0].schedule: a list is not a schedule: write assets as {assets: [a, b]}',
    ]],
    ['schedule mapping without a form', `${HEAD}dags:\n  - dag_id: d\n    schedule: {interval: PT1H}\n`, [
      's.yaml:6:15 dags[0].schedule: a schedule mapping needs one of: delta, cron_trigger, cron_data_interval, delta_trigger, delta_data_interval, multiple_cron, events, assets',
    ]],
    ['schedule mapping with two forms', `${HEAD}dags:\n  - dag_id: d\n    schedule: {delta: PT1H, cron_trigger: "@daily"}\n`, [
      "s.yaml:6:29 dags[0].schedule.cron_trigger: a schedule has one form: both 'delta' and 'cron_trigger' given",
    ]],
    ['option of another form', `${HEAD}dags:\n  - dag_id: d\n    schedule: {delta: PT1H, interval: PT0S}\n`, [
      "s.yaml:6:29 dags[0].schedule.interval: unknown key 'interval' for a {delta: ...} schedule",
    ]],
    ['unknown schedule key', `${HEAD}dags:\n  - dag_id: d\n    schedule: {cron: "@daily"}\n`, [
      "s.yaml:6:15 dags[0].schedule: a schedule mapping needs one of: delta, cron_trigger, cron_data_interval, delta_trigger, delta_data_interval, multiple_cron, events, assets",
      "s.yaml:6:16 dags[0].schedule.cron: unknown key 'cron'",
    ]],
    ['unknown asset in a schedule', `${HEAD}assets: [{name: a}]\ndags:\n  - dag_id: d\n    schedule: {assets: {all: [a, {any: [b]}]}}\n`, [
      "s.yaml:7:41 dags[0].schedule.assets.all[1].any[0]: unknown asset 'b' (declared: a)",
    ]],
    ['empty asset list', `${HEAD}assets: [{name: a}]\ndags:\n  - dag_id: d\n    schedule: {assets: []}\n`, [
      's.yaml:7:24 dags[0].schedule.assets: an asset condition needs at least one asset',
    ]],
    ['nested asset schedule', `${HEAD}assets: [{name: a}]\ndags:\n  - dag_id: d\n    schedule: {assets: [a], or_schedule: {assets: [a]}}\n`, [
      's.yaml:7:51 dags[0].schedule.or_schedule.assets: or_schedule must be a time-based schedule: asset schedules cannot be nested',
    ]],
    ['catchup without start_date', `${HEAD}dags:\n  - dag_id: d\n    schedule: "@daily"\n    catchup: true\n    tasks: [{task_id: a}]\n`, [
      "s.yaml:7:14 dags[0].catchup: start_date is required when catchup=True",
    ]],
    ['catchup by profile default without start_date', `${HEAD}airflow: "2"\ndags:\n  - dag_id: d\n    schedule: "@daily"\n    tasks: [{task_id: a}]\n`, [
      's.yaml:7:15 dags[0].schedule: start_date is required when catchup=True (catchup defaults to config.catchup_by_default = true in profile "2")',
    ]],
    ['@continuous with the default max_active_runs', `${HEAD}dags:\n  - dag_id: d\n    schedule: "@continuous"\n    tasks: [{task_id: a}]\n`, [
      's.yaml:6:15 dags[0].schedule: Invalid max_active_runs: ContinuousTimetable requires max_active_runs <= 1 (max_active_runs defaults to config.max_active_runs_per_dag = 16; set max_active_runs: 1)',
    ]],
    ['@continuous with max_active_runs 2', `${HEAD}dags:\n  - dag_id: d\n    schedule: "@continuous"\n    max_active_runs: 2\n    tasks: [{task_id: a}]\n`, [
      's.yaml:7:22 dags[0].max_active_runs: Invalid max_active_runs: ContinuousTimetable requires max_active_runs <= 1',
    ]],
    ['calendar dagrun_timeout', `${HEAD}dags:\n  - dag_id: d\n    dagrun_timeout: P1M\n`, [
      "s.yaml:6:21 dags[0].dagrun_timeout: dagrun_timeout must be a fixed duration (a timedelta): 'P1M' has calendar months or years",
    ]],
    ['params not a mapping', `${HEAD}dags:\n  - dag_id: d\n    params: [1]\n`, ['s.yaml:6:13 dags[0].params: expected a mapping, got a list']],
    ['owner in default_args', `${HEAD}dags:\n  - dag_id: d\n    default_args: {owner: me, retries: x}\n    tasks: [{task_id: a}]\n`, [
      "s.yaml:6:20 dags[0].default_args.owner: unknown key 'owner'",
      "s.yaml:6:40 dags[0].default_args.retries: expected an integer >= 0, got 'x'",
    ]],
    ['task_id in default_args', `${HEAD}dags:\n  - dag_id: d\n    default_args: {task_id: x}\n`, [
      "s.yaml:6:20 dags[0].default_args.task_id: unknown key 'task_id'",
    ]],
    ['duplicate task_id', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - task_id: a\n      - task_id: a\n`, [
      "s.yaml:8:18 dags[0].tasks[1].task_id: Task id 'a' has already been added to the DAG (first at line 7)",
    ]],
    ['unknown operator', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, operator: bash}\n`, [
      "s.yaml:7:32 dags[0].tasks[0].operator: 'bash' is not an operator: python, empty, trigger_dagrun, sensor, branch, short_circuit",
    ]],
    ['unknown upstream', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, upstream: [b]}\n`, [
      "s.yaml:7:33 dags[0].tasks[0].upstream[0]: unknown task 'b' in upstream (tasks: a)",
    ]],
    ['cycle', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, upstream: [c]}\n      - {task_id: b, upstream: [a]}\n      - {task_id: c, upstream: [b]}\n`, [
      's.yaml:8:33 dags[0].tasks[1].upstream[0]: Cycle detected in DAG: d: b -> c -> a -> b',
    ]],
    ['self loop', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, upstream: [a]}\n`, [
      's.yaml:7:33 dags[0].tasks[0].upstream[0]: Cycle detected in DAG: d: a -> a',
    ]],
    ['uniform min > max', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, duration: {uniform: [PT5M, PT1M]}}\n`, [
      's.yaml:7:42 dags[0].tasks[0].duration.uniform: uniform [min, max]: min is greater than max',
    ]],
    ['numeric duration', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, duration: 60}\n`, [
      's.yaml:7:32 dags[0].tasks[0].duration: expected an ISO 8601 duration (e.g. PT10M), got 60',
    ]],
    ['bad outcome', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, outcome: fail}\n      - {task_id: b, outcome: {fail_tries: 1, fail_if: x}}\n`, [
      "s.yaml:7:31 dags[0].tasks[0].outcome: 'fail' is not an outcome: success, failed, skipped",
      "s.yaml:8:31 dags[0].tasks[1].outcome: an outcome has either 'fail_tries' or 'fail_if', not both",
    ]],
    ['trigger rules per profile', `${HEAD}airflow: "3.0"\ndags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, trigger_rule: all_done_min_one_success}\n      - {task_id: b, trigger_rule: dummy}\n      - {task_id: c, trigger_rule: all_sucess}\n`, [
      `s.yaml:8:36 dags[0].tasks[0].trigger_rule: trigger rule 'all_done_min_one_success' needs Airflow 3.1 (profile is "3.0")`,
      "s.yaml:9:36 dags[0].tasks[1].trigger_rule: trigger rule 'dummy' was removed in Airflow 3: use 'always'",
      "s.yaml:10:36 dags[0].tasks[2].trigger_rule: 'all_sucess' is not a trigger rule: one of all_success, all_failed, all_done, all_done_setup_success, one_success, one_failed, one_done, none_failed, none_failed_min_one_success, none_skipped, all_skipped, always",
    ]],
    ['all_done_min_one_success in profile 2', `${HEAD}airflow: "2"\ndags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, trigger_rule: all_done_min_one_success}\n`, [
      `s.yaml:8:36 dags[0].tasks[0].trigger_rule: trigger rule 'all_done_min_one_success' needs Airflow 3.1 (profile is "2")`,
    ]],
    ['weight rule', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, weight_rule: sideways}\n`, [
      "s.yaml:7:35 dags[0].tasks[0].weight_rule: 'sideways' is not a weight_rule: downstream, upstream, absolute",
    ]],
    ['unknown pool', `${HEAD}pools: {gpu: 1}\ndags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, pool: cpu}\n`, [
      "s.yaml:8:28 dags[0].tasks[0].pool: unknown pool 'cpu' (pools: default_pool, gpu)",
    ]],
    ['pool_slots < 1', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, pool_slots: 0}\n`, [
      's.yaml:7:34 dags[0].tasks[0].pool_slots: pool_slots cannot be less than 1, got 0',
    ]],
    ['unknown outlet', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, outlets: [model]}\n`, [
      "s.yaml:7:32 dags[0].tasks[0].outlets[0]: unknown asset 'model' (declare it under assets:)",
    ]],
    ['trigger on a python task', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, trigger: {dag_id: d}}\n`, [
      "s.yaml:7:22 dags[0].tasks[0].trigger: 'trigger' is only for operator: trigger_dagrun (this task's operator is python)",
    ]],
    ['trigger_dagrun without trigger', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, operator: trigger_dagrun}\n`, [
      "s.yaml:7:9 dags[0].tasks[0].trigger: missing required key 'trigger' (operator trigger_dagrun needs trigger: {dag_id: ...})",
    ]],
    ['trigger without dag_id', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, operator: trigger_dagrun, trigger: {conf: {}}}\n`, [
      "s.yaml:7:57 dags[0].tasks[0].trigger.dag_id: missing required key 'dag_id'",
    ]],
    ['trigger states', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - {task_id: a, operator: trigger_dagrun, trigger: {dag_id: d, allowed_states: [done]}}\n`, [
      "s.yaml:7:86 dags[0].tasks[0].trigger.allowed_states[0]: 'done' is not a DagRunState: one of queued, running, success, failed",
    ]],
    ['event without a kind', `${HEAD}events:\n  - at: 2025-01-02\n`, [
      's.yaml:5:5 events[0]: an event needs one of: trigger, api, message, asset_event, backfill, pause, unpause, clear, mark',
    ]],
    ['event with two kinds', `${HEAD}events:\n  - {at: 2025-01-02, pause: d, unpause: d}\n`, [
      "s.yaml:5:32 events[0].unpause: one action per event: both 'pause' and 'unpause' given",
    ]],
    ['event without at', `${HEAD}events:\n  - {pause: d}\n`, ["s.yaml:5:5 events[0].at: missing required key 'at'"]],
    ['event before the clock', `${HEAD}events:\n  - {at: 2024-12-31, pause: d}\n`, ['s.yaml:5:10 events[0].at: event is before clock.start']],
    ['event unknown key', `${HEAD}events:\n  - {at: 2025-01-02, trigger: {dag_id: d, execution_date: 2025-01-01}}\n`, [
      "s.yaml:5:43 events[0].trigger.execution_date: unknown key 'execution_date'",
    ]],
    ['trigger via', `${HEAD}events:\n  - {at: 2025-01-02, trigger: {dag_id: d, via: rest}}\n`, [
      "s.yaml:5:48 events[0].trigger.via: 'rest' is not a trigger via: cli, ui, api, operator",
    ]],
    ['api method and path', `${HEAD}events:\n  - {at: 2025-01-02, api: {method: post, path: api/v2/dags}}\n`, [
      "s.yaml:5:36 events[0].api.method: 'post' is not an HTTP method: GET, POST, PATCH, PUT, DELETE",
      "s.yaml:5:48 events[0].api.path: path must start with '/' (e.g. /api/v2/dags/my_dag/dagRuns)",
    ]],
    ['backfill fields', `${HEAD}events:\n  - {at: 2025-01-02, backfill: {dag_id: d, from_date: 2025-01-01, reprocess_behavior: all}}\n`, [
      "s.yaml:5:32 events[0].backfill.to_date: missing required key 'to_date'",
      "s.yaml:5:87 events[0].backfill.reprocess_behavior: 'all' is not a reprocess_behavior: none, failed, completed",
    ]],
    ['mark states', `${HEAD}events:\n  - {at: 2025-01-02, mark: {dag_id: d, run_id: r, state: skipped}}\n  - {at: 2025-01-02, mark: {dag_id: d, run_id: r, task_id: a, state: queued}}\n`, [
      "s.yaml:5:58 events[0].mark.state: 'skipped' is not a state for a dag run: queued, success, failed",
      "s.yaml:6:70 events[1].mark.state: 'queued' is not a state for a task instance: success, failed, skipped",
    ]],
    ['pause needs a dag_id string', `${HEAD}events:\n  - {at: 2025-01-02, pause: {dag_id: d}}\n`, [
      's.yaml:5:29 events[0].pause: expected a dag_id, got a mapping',
    ]],
    ['an empty value is located at its key', `${HEAD}dags:\n  - dag_id: d\n    tasks:\n      - task_id: a\n        pool:\n`, [
      's.yaml:8:9 dags[0].tasks[0].pool: expected a pool name, got null',
    ]],
    ['CRLF line ends and a byte-order mark', '\uFEFFwindtunnel: 1\r\nname: t\r\nclock: {start: 2025-01-01, end: 2025-01-02}\r\nfoo: 1\r\n', [
      "s.yaml:4:1 foo: unknown key 'foo'",
    ]],
    ['top level not a mapping', '- a\n- b\n', [
      "s.yaml:1:1: expected a scenario mapping (windtunnel: 1, name: ..., clock: ...), got a list",
    ]],
    ['empty file', '', ['s.yaml:1:1: empty file: expected a scenario mapping (windtunnel: 1, name: ..., clock: ...)']],
    ['unsupported YAML value', `${HEAD}dags: [{dag_id: d, params: {x: !!binary aGVsbG8=}}]\n`, [
      's.yaml:4:41 dags[0].params.x: unsupported YAML value (only strings, numbers, booleans, null, lists and mappings)',
    ]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => expect(errors(text)).toEqual(expected));
  }

  test('instants, durations and crons are checked at their node (message from core/time)', () => {
    const e = errors(`${HEAD}dags:
  - dag_id: d
    start_date: 2025-13-01
    dagrun_timeout: 10 minutes
    schedule: {multiple_cron: ["@hourly", "61 * * * *"]}
`);
    expect(e.map((x) => x.split(': ')[0])).toEqual([
      's.yaml:6:17 dags[0].start_date',
      's.yaml:7:21 dags[0].dagrun_timeout',
      's.yaml:8:43 dags[0].schedule.multiple_cron[1]',
    ]);
  });

  test('schedules Airflow refuses carry its message (from makeTimetable / croniter)', () => {
    const at = (schedule: string) => errors(`${HEAD}dags:\n  - dag_id: d\n    schedule: ${schedule}\n    tasks: [{task_id: a}]\n`);
    expect(at('{delta: PT0S}')).toEqual(['s.yaml:6:15 dags[0].schedule: schedule interval must be positive, not datetime.timedelta(0)']);
    expect(at('"0 0 31 2 *"')).toEqual(['s.yaml:6:15 dags[0].schedule: [0 0 31 2 *] never matches a date: failed to find next date']);
    expect(at('"61 * * * *"')).toEqual(['s.yaml:6:15 dags[0].schedule: [61 * * * *] is not acceptable, out of range']);
  });
});

describe('several errors at once', () => {
  test('every problem in the file, in file order', () => {
    const text = `windtunnel: 2
name: "bad name"
airflow: "4"
clock: {start: 2025-01-02, end: 2025-01-01}
pools: {gpu: -1}
dags:
  - dag_id: d
    schedule: "@dayly"
    colour: blue
    tasks:
      - {task_id: a, upstream: [zz], retries: -1}
      - {task_id: a}
  - dag_id: d
events:
  - {at: 2025-01-03, trigger: {dag_id: d, via: fax}}
  - {at: 2025-01-03}
`;
    expect(errors(text)).toEqual([
      's.yaml:1:13 windtunnel: unsupported format version 2 (this Windtunnel reads version 1)',
      "s.yaml:2:7 name: name 'bad name' must match [A-Za-z0-9_.-]+",
      's.yaml:3:10 airflow: \'4\' is not an Airflow profile: use "2", "3.0", "3.1", "3.2" or "3.3"',
      's.yaml:4:33 clock.end: clock.end must be after clock.start',
      's.yaml:5:14 pools.gpu: expected an integer >= 0, got -1',
      "s.yaml:8:15 dags[0].schedule: unknown preset '@dayly' (did you mean '@daily'?); Airflow says: Exactly 5, 6 or 7 columns has to be specified for iterator expression.",
      "s.yaml:9:5 dags[0].colour: unknown key 'colour'",
      "s.yaml:11:33 dags[0].tasks[0].upstream[0]: unknown task 'zz' in upstream (tasks: a)",
      's.yaml:11:47 dags[0].tasks[0].retries: expected an integer >= 0, got -1',
      "s.yaml:12:19 dags[0].tasks[1].task_id: Task id 'a' has already been added to the DAG (first at line 11)",
      "s.yaml:13:13 dags[1].dag_id: duplicate dag_id 'd' (first defined at line 7)",
      "s.yaml:15:48 events[0].trigger.via: 'fax' is not a trigger via: cli, ui, api, operator",
      's.yaml:16:5 events[1]: an event needs one of: trigger, api, message, asset_event, backfill, pause, unpause, clear, mark',
    ]);
  });
});

describe('malformed input', () => {
  test('YAML syntax errors are located', () => {
    const e = errors('windtunnel: 1\nname: t\nclock: {start: 2025-01-01, end: 2025-01-02\ndags: []\n');
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toMatch(/^s\.yaml:\d+:\d+: /);
  });

  test('a bad indent is located on its line', () => {
    expect(errors('windtunnel: 1\nname: t\nclock:\n  start: 2025-01-01\n end: 2025-01-02\n'))
      .toEqual(['s.yaml:5:1: All mapping items must start at the same column']);
  });

  test('duplicate keys', () => {
    expect(errors(`${HEAD}name: u\n`)).toEqual(['s.yaml:4:1: duplicate key (map keys must be unique)']);
  });

  test('several documents', () => {
    expect(errors(`${HEAD}---\nname: u\n`)[0]).toMatch(/^s\.yaml:4:1: Source contains multiple documents/);
  });

  test('broken JSON', () => {
    const e = errors('{"windtunnel": 1, "name": "x",\n "clock": {"start": "2025-01-01" "end": "2025-01-02"}}');
    expect(e[0]).toMatch(/^s\.yaml:2:\d+: /);
  });

  test('unknown tags', () => {
    expect(errors(`${HEAD}seed: !int 3\n`)[0]).toMatch(/^s\.yaml:4:7: Unresolved tag: !int/);
  });

  test('an alias bomb is refused', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const text = `${HEAD}dags: [{dag_id: d, params: {${lines.map((l) => l.replace(': ', ': ')).join(', ')}}}]\n`;
    const r = parseScenario(text, 's.yaml');
    expect(r.ok).toBe(false);
  });

  test('deep nesting is refused, not a crash', () => {
    const n = 5000;
    const r = parseScenario(`${HEAD}dags: [{dag_id: d, params: {x: ${'['.repeat(n)}${']'.repeat(n)}}}]\n`, 's.yaml');
    expect(r.ok).toBe(false);
    const r2 = parseScenario(`${HEAD}dags: [{dag_id: d, params: {x: ${'['.repeat(100)}${']'.repeat(100)}}}]\n`, 's.yaml');
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.errors[0].message).toBe('nested more than 64 levels deep');
  });

  test('oversized input is refused before parsing', () => {
    const r = parseScenario('#'.repeat(4_000_001), 's.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/^file too large/);
  });
});

describe('formatError', () => {
  test('with and without a key path', () => {
    expect(formatError({ file: 'a.yaml', line: 4, col: 15, path: 'dags[0].schedule', message: "unknown preset '@dayly'" }))
      .toBe("a.yaml:4:15 dags[0].schedule: unknown preset '@dayly'");
    expect(formatError({ file: 'a.yaml', line: 1, col: 1, path: '', message: 'empty file' })).toBe('a.yaml:1:1: empty file');
  });
});
