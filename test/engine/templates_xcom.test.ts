// Templates over Airflow 3's context (§7) and xcom_pull's prior-run resolution (§6).
import { describe, expect, it } from 'vitest';
import { output, tiOf } from './run_yaml.js';

const one = (tasks: string, events: string, extra = '') => `
windtunnel: 1
name: tpl
clock: {start: 2024-12-01T00:00:00Z, end: 2024-12-03T00:00:00Z}
${extra}
dags:
  - dag_id: basic_task
    schedule: "@daily"
    start_date: 2024-12-01
    params: {lr: 0.01, name: x}
    tasks:
${tasks}
events:
${events}`;

describe('template context', () => {
  it('has ds, ts and friends for a run with a logical date (test_get_context_with_ti_context_from_server)', async () => {
    const out = await output(one(`
      - task_id: hello
        templates:
          all: "{{ ds }}|{{ ds_nodash }}|{{ ts }}|{{ ts_nodash }}|{{ ts_nodash_with_tz }}|{{ task_instance_key_str }}|{{ logical_date }}|{{ data_interval_start }}"`, '  []'));
    expect(tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'hello').rendered.all).toBe(
      '2024-12-01|20241201|2024-12-01T00:00:00+00:00|20241201T000000|20241201T000000+0000|basic_task__hello__20241201|2024-12-01 00:00:00+00:00|2024-12-01 00:00:00+00:00');
  });

  it('fails the try with UndefinedError when a run has no logical date', async () => {
    const out = await output(one(`
      - task_id: hello
        templates: {cmd: "run --ds {{ ds }}"}`, `
  - at: 2024-12-01T12:00:00Z
    trigger: {dag_id: basic_task, run_id: adhoc}`));
    const ti = tiOf(out, 'adhoc', 'hello');
    expect(ti.state).toBe('failed');
    expect(ti.error).toContain("UndefinedError: 'ds' is undefined");
    expect(tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'hello').rendered.cmd).toBe('run --ds 2024-12-01');
  });

  it('merges conf over params; prints values as Python does; macros work', async () => {
    const out = await output(one(`
      - task_id: hello
        templates:
          p: "{{ params.lr }} {{ params.name }} {{ params.lr > 0.05 }} {{ dag_run.conf.get('missing', 'dflt') }}"
          m: "{{ macros.ds_add(ds, 5) }} {{ macros.ds_format(ds, '%Y-%m-%d', '%d/%m/%Y') }}"`, `
  - at: 2024-12-01T12:00:00Z
    trigger: {dag_id: basic_task, run_id: conf_run, conf: {lr: 0.5}, logical_date: 2024-12-01T06:00:00Z}`));
    expect(tiOf(out, 'conf_run', 'hello').rendered).toEqual({ p: '0.5 x True dflt', m: '2024-12-06 01/12/2024' });
    expect(tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'hello').rendered.p).toBe('0.01 x False dflt');
  });

  it('prints small floats in exponent form from 1e-4 down, as Python\'s repr does (JS waits until 1e-6)', async () => {
    const { pyStr } = await import('../../core/templates/pyrepr.js');
    // python3 -c "print(0.0001, 0.00005, 0.000015, -0.00002, 1e-07, 0.5, 123.25, 1e-300)"
    expect([0.0001, 0.00005, 0.000015, -0.00002, 1e-7, 0.5, 123.25, 1e-300].map(pyStr).join(' ')).toBe('0.0001 5e-05 1.5e-05 -2e-05 1e-07 0.5 123.25 1e-300');
  });

  it('fail_if decides the try from rendered text; returns pushes return_value', async () => {
    const out = await output(one(`
      - task_id: hello
        returns: "{{ params.lr * 100 }}"
        outcome: {fail_if: "{{ params.lr > 0.05 }}"}`, `
  - at: 2024-12-01T12:00:00Z
    trigger: {dag_id: basic_task, run_id: hot, conf: {lr: 0.5}}`));
    expect(tiOf(out, 'hot', 'hello').state).toBe('failed');
    expect(tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'hello').state).toBe('success');
    expect(out.xcoms.find((x) => x.run_id === 'scheduled__2024-12-01T00:00:00+00:00')).toMatchObject({ task_id: 'hello', key: 'return_value', value: '1.0' }); // 0.01 * 100 is the float 1.0 in Python
    expect(out.xcoms.some((x) => x.run_id === 'hot')).toBe(false);
  });
});

describe('xcom_pull', () => {
  const tasks = `
      - task_id: publish
        returns: "{{ run_id }}"
      - task_id: pull
        upstream: [publish]
        templates:
          own: "{{ ti.xcom_pull(task_ids='publish') }}"
          prior: "{{ ti.xcom_pull(task_ids='publish', include_prior_dates=True) }}"
          self_default: "{{ ti.xcom_pull() }}"
          many: "{{ ti.xcom_pull(task_ids=['publish', 'nothing']) }}"`;

  it('reads the current run; task_ids=None means the calling task in Airflow 3', async () => {
    const out = await output(one(tasks, '  []'));
    expect(tiOf(out, 'scheduled__2024-12-02T00:00:00+00:00', 'pull').rendered).toEqual({
      own: 'scheduled__2024-12-02T00:00:00+00:00', prior: "['scheduled__2024-12-01T00:00:00+00:00', 'scheduled__2024-12-02T00:00:00+00:00']", self_default: 'None',
      many: "['scheduled__2024-12-02T00:00:00+00:00', None]",
    });
  });

  it('include_prior_dates (Airflow 3.1/3.2): every value of the runs not later than the caller, in run_id order (as the real-Airflow oracle shows)', async () => {
    const out = await output(one(tasks, `
  - at: 2024-12-01T06:00:00Z
    trigger: {dag_id: basic_task, run_id: adhoc}`, 'airflow: "3.1"'));
    // adhoc: run_after 06:00 ≤ 12-02 00:00, so its value is in the list; XCom.get_all's route drops
    // the ORDER BY (A3.1 execution_api/routes/xcoms.py:154) and PostgreSQL returns run_id order.
    expect(tiOf(out, 'scheduled__2024-12-02T00:00:00+00:00', 'pull').rendered.prior).toBe("['adhoc', 'scheduled__2024-12-01T00:00:00+00:00', 'scheduled__2024-12-02T00:00:00+00:00']");
    // The first run's list has its own value only: a single value, not a list.
    expect(tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'pull').rendered.prior).toBe('scheduled__2024-12-01T00:00:00+00:00');
    const pullLog = out.log.find((l) => l.kind === 'xcom.pull' && l.run_id === 'scheduled__2024-12-02T00:00:00+00:00');
    expect(pullLog?.ref_run_id).toBe('adhoc');
  });

  it('include_prior_dates (Airflow 3.3): the same values in the order they were pushed (3.3.2 in the oracle)', async () => {
    const out = await output(one(tasks, `
  - at: 2024-12-01T06:00:00Z
    trigger: {dag_id: basic_task, run_id: adhoc}`, 'airflow: "3.3"'));
    expect(tiOf(out, 'scheduled__2024-12-02T00:00:00+00:00', 'pull').rendered.prior).toBe("['scheduled__2024-12-01T00:00:00+00:00', 'adhoc', 'scheduled__2024-12-02T00:00:00+00:00']");
  });

  it('include_prior_dates (Airflow 2): the newest run by logical date, one value', async () => {
    // Airflow 2's @daily runs at the interval's end: the 12-01 run starts at 12-02 00:00 and the
    // earlier-dated adhoc run is prior to it; Airflow 2 reads the newest one only.
    const out = await output(one(tasks, `
  - at: 2024-12-01T06:00:00Z
    trigger: {dag_id: basic_task, run_id: adhoc, logical_date: 2024-11-30T00:00:00Z}`, 'airflow: "2"'));
    const ti = tiOf(out, 'scheduled__2024-12-01T00:00:00+00:00', 'pull');
    expect(ti.state).toBe('success');
    expect(ti.rendered.prior).toBe('scheduled__2024-12-01T00:00:00+00:00');
  });

  it('prior_run_order: run_after orders prior pulls by run_after', async () => {
    const out = await output(one(tasks, `
  - at: 2024-12-01T06:00:00Z
    trigger: {dag_id: basic_task, run_id: adhoc}`, 'rules: {prior_run_order: run_after}'));
    expect(tiOf(out, 'scheduled__2024-12-02T00:00:00+00:00', 'pull').rendered.prior).toBe("['scheduled__2024-12-01T00:00:00+00:00', 'adhoc', 'scheduled__2024-12-02T00:00:00+00:00']");
  });
});
