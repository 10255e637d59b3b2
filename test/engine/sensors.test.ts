// Sensors and the triggerer (issue 16 item 2): poke, reschedule and deferrable modes, sensor
// timeouts (never retried), soft_fail, execution_timeout in poke mode, and ExternalTaskSensor
// looking up a run without a logical date by its run_after (Airflow 3.3.2 external_task.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { output, tiOf } from './run_yaml.js';

const scenario = (tasks: string, extraDags = '', events = '') => `
windtunnel: 1
name: sensors
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
${tasks}
${extraDags}
events:
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}
${events}`;

const kinds = (out: Awaited<ReturnType<typeof output>>, task: string) => out.log.filter((l) => l.task_id === task).map((l) => `${l.at.slice(11, 16)} ${l.kind}`);

describe('sensors', () => {
  it('poke mode holds one running try and succeeds at the first poke after the condition holds', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: poke, poke_interval: PT10M, succeeds_at: {after: PT25M}}}'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'success', try_number: 1, start_date: '2025-01-01T00:00:00Z', end_date: '2025-01-01T00:30:00Z' });
    expect(kinds(out, 's').filter((k) => k.endsWith('sensor.poke'))).toEqual(['00:00 sensor.poke', '00:10 sensor.poke', '00:20 sensor.poke']);
  });

  it('reschedule mode parks the try as up_for_reschedule between pokes, keeping try_number', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: reschedule, poke_interval: PT10M, succeeds_at: 2025-01-01T00:25:00Z}}'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'success', try_number: 1, start_date: '2025-01-01T00:30:00Z', end_date: '2025-01-01T00:30:00Z' });
    expect(kinds(out, 's').filter((k) => k.endsWith('up_for_reschedule'))).toEqual(['00:00 ti.up_for_reschedule', '00:10 ti.up_for_reschedule', '00:20 ti.up_for_reschedule']);
  });

  it('a sensor timeout fails the try without using its retries; it is checked only after a poke, strictly', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, retries: 2, sensor: {mode: reschedule, poke_interval: PT10M, timeout: PT30M, succeeds_at: null}}'));
    const ti = tiOf(out, 'r', 's');
    // 00:30 is exactly the timeout (not more): one more poke at 00:40 times out.
    expect(ti).toMatchObject({ state: 'failed', try_number: 1, end_date: '2025-01-01T00:40:00Z' });
    expect(ti.error).toBe('AirflowSensorTimeout: Sensor has timed out; run duration of 2400.0 seconds exceeds the specified timeout of 1800.0.');
  });

  it('soft_fail turns a sensor timeout into skipped', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: poke, poke_interval: PT10M, timeout: PT15M, soft_fail: true, succeeds_at: null}}'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'skipped', end_date: '2025-01-01T00:20:00Z' });
  });

  it('execution_timeout ends a poke-mode try while it sleeps, and retries apply', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, execution_timeout: PT15M, retries: 1, retry_delay: PT1M, sensor: {mode: poke, poke_interval: PT10M, succeeds_at: null}}'));
    const ti = tiOf(out, 'r', 's');
    expect(ti).toMatchObject({ state: 'failed', try_number: 2, start_date: '2025-01-01T00:16:00Z', end_date: '2025-01-01T00:31:00Z' });
    expect(ti.error).toContain('AirflowTaskTimeout');
  });

  it('deferrable mode frees the slot while deferred; the triggerer resumes it at the moment, same try, same start_date', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, pool: one, sensor: {mode: deferrable, succeeds_at: {after: PT25M}}}\n      - {task_id: w, pool: one, duration: PT5M}').replace('dags:', 'pools: {one: 1}\ndags:'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'success', try_number: 1, start_date: '2025-01-01T00:00:00Z', end_date: '2025-01-01T00:25:00Z' });
    // The one pool slot was free for w while s was deferred.
    expect(tiOf(out, 'r', 'w').start_date).toBe('2025-01-01T00:00:00Z');
    expect(kinds(out, 's')).toEqual(['00:00 ti.scheduled', '00:00 ti.running', '00:00 ti.deferred', '00:25 ti.scheduled', '00:25 ti.running', '00:25 ti.success']);
  });

  it('a trigger timeout resumes the try in __fail__: AirflowSensorTimeout, not retried', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, retries: 3, sensor: {mode: deferrable, timeout: PT20M, succeeds_at: null}}'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'failed', try_number: 1, end_date: '2025-01-01T00:20:00Z', error: 'AirflowSensorTimeout: Trigger timeout' });
  });

  it('the run is not deadlocked while a sensor is deferred or up_for_reschedule', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: deferrable, succeeds_at: 2025-01-01T03:00:00Z}}\n      - {task_id: after, upstream: [s]}'));
    expect(out.dag_runs[0]).toMatchObject({ state: 'success', end_date: '2025-01-01T03:01:00Z' });
  });

  it('dagrun_timeout skips a deferred sensor and fails the run', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: deferrable, succeeds_at: 2025-01-01T03:00:00Z}}').replace('start_date: 2025-01-01\n', 'start_date: 2025-01-01\n    dagrun_timeout: PT1H\n'));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', end_date: '2025-01-01T01:00:00Z' });
    expect(tiOf(out, 'r', 's').state).toBe('skipped');
  });
});

describe('ExternalTaskSensor', () => {
  const up = `
  - dag_id: up
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: load, duration: PT20M}`;

  it('waits for the external task at the same logical date', async () => {
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: reschedule, poke_interval: PT5M, external: {dag_id: up, task_id: load}}}', up,
      '  - at: 2025-01-01T00:01:00Z\n    trigger: {dag_id: up, run_id: u, logical_date: 2025-01-01T00:00:00Z}').replace('trigger: {dag_id: d, run_id: r}', 'trigger: {dag_id: d, run_id: r, logical_date: 2025-01-01T00:00:00Z}'));
    expect(tiOf(out, 'r', 's')).toMatchObject({ state: 'success', end_date: '2025-01-01T00:25:00Z' });
    expect(out.log.find((l) => l.kind === 'sensor.external')?.ref_run_id).toBe('u');
  });

  it('a run without a logical date looks for an external run whose logical date is its run_after (AIP-83)', async () => {
    // d's run has logical_date null (cli trigger): the sensor looks for up's run at 00:00 = its run_after;
    // up's own run without a logical date is never matched.
    const out = await output(scenario('      - {task_id: s, operator: sensor, sensor: {mode: poke, poke_interval: PT5M, timeout: PT30M, external: {dag_id: up, task_id: load}}}', up,
      '  - at: 2025-01-01T00:00:00Z\n    trigger: {dag_id: up, run_id: u}'));
    expect(out.dag_runs.find((r) => r.run_id === 'r')?.logical_date).toBeNull();
    expect(tiOf(out, 'r', 's').state).toBe('failed');
    expect(out.log.filter((l) => l.task_id === 's' && l.kind === 'sensor.poke')[0].why).toContain('no run of up has logical date 2025-01-01T00:00:00Z (looked up by run_after 2025-01-01T00:00:00Z (this run has no logical date))');
  });

  it('a failed external task fails the sensor (retries apply), or skips it with soft_fail', async () => {
    const failing = up.replace('duration: PT20M}', 'duration: PT20M, outcome: failed}');
    const ev = '  - at: 2025-01-01T00:00:00Z\n    trigger: {dag_id: up, run_id: u, logical_date: 2025-01-01T00:00:00Z}';
    const base = scenario('      - {task_id: s, operator: sensor, sensor: {mode: poke, poke_interval: PT5M, external: {dag_id: up, task_id: load, failed_states: [failed]}}}', failing, ev)
      .replace('trigger: {dag_id: d, run_id: r}', 'trigger: {dag_id: d, run_id: r, logical_date: 2025-01-01T00:00:00Z}');
    // load fails at 00:20, after s's poke at that instant (tries due at one instant end in run order).
    const hard = await output(base);
    expect(tiOf(hard, 'r', 's')).toMatchObject({ state: 'failed', end_date: '2025-01-01T00:25:00Z', error: "ExternalTaskFailedError: Some of the external tasks ['load'] in DAG up failed." });
    const soft = await output(base.replace('mode: poke,', 'mode: poke, soft_fail: true,'));
    expect(tiOf(soft, 'r', 's').state).toBe('skipped');
  });
});

describe('the oracle fixture (test/oracle/fixtures/sensors.yaml: no undeclared difference from Airflow 3.3.2)', () => {
  const FIXTURE = readFileSync(new URL('../oracle/fixtures/sensors.yaml', import.meta.url), 'utf8');

  it('pins what real Airflow did with each sensor', async () => {
    const out = await output(FIXTURE);
    const ti = (run: string, task: string) => { const t = tiOf(out, run, task); return [t.state, t.try_number, t.start_date, t.end_date]; };
    expect(ti('r', 'poke')).toEqual(['success', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:30:00Z']);
    expect(ti('r', 'resched')).toEqual(['success', 1, '2025-01-01T00:30:00Z', '2025-01-01T00:30:00Z']);
    expect(ti('r', 'deferred')).toEqual(['success', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:25:00Z']);
    expect(ti('r', 'defer_timeout')).toEqual(['failed', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:20:00Z']);
    expect(ti('r', 'resched_timeout')).toEqual(['failed', 1, '2025-01-01T00:40:00Z', '2025-01-01T00:40:00Z']);
    expect(ti('r', 'soft')).toEqual(['skipped', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:20:00Z']);
    expect(ti('r', 'poke_exec_timeout')).toEqual(['failed', 2, '2025-01-01T00:16:00Z', '2025-01-01T00:31:00Z']);
    expect(ti('r', 'slow')).toEqual(['failed', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:10:00Z']);
    // ExternalTaskSensor: the dated run finds up's 00:01 run; w_null looks up its run_after 00:03 and
    // times out; w_null_match's run_after 00:05 is up_ev's scheduled logical date.
    expect(ti('w_dated', 'wait_load')).toEqual(['success', 1, '2025-01-01T00:22:00Z', '2025-01-01T00:22:00Z']);
    expect(ti('w_null', 'wait_load')).toEqual(['failed', 1, '2025-01-01T00:48:00Z', '2025-01-01T00:48:00Z']);
    expect(ti('w_null_match', 'wait_load')).toEqual(['success', 1, '2025-01-01T00:05:00Z', '2025-01-01T00:20:00Z']);
    // Airflow 3 pushes the extra link at each try's end: the external DAG with the sensor's own run id.
    expect(out.xcoms.filter((x) => x.key === '_link_ExternalDagLink').map((x) => [x.run_id, x.value])).toEqual([
      ['w_dated', '/dags/up/runs/w_dated'], ['w_null', '/dags/up/runs/w_null'], ['w_null_match', '/dags/up_ev/runs/w_null_match'],
    ]);
  });
});

describe('exponential_backoff (test/oracle/fixtures/sensor-backoff.yaml: no difference from Airflow 3.3.2)', () => {
  const FIXTURE = readFileSync(new URL('../oracle/fixtures/sensor-backoff.yaml', import.meta.url), 'utf8');

  it('pokes at the hashed, growing intervals real Airflow used', async () => {
    const out = await output(FIXTURE);
    const pokes = (task: string) => out.log.filter((l) => l.task_id === task && l.kind === 'sensor.poke').map((l) => l.at.slice(11, 19));
    expect(pokes('poke_backoff')).toEqual(['00:00:00', '00:00:46', '00:02:32', '00:05:39', '00:11:09', '00:22:15', '00:38:16']);
    expect(tiOf(out, 'r', 'poke_backoff')).toMatchObject({ state: 'success', end_date: '2025-01-01T01:22:04Z' });
    // Reschedule mode re-estimates the poke count from the time since the first reschedule; max_wait caps it.
    expect(pokes('resched_backoff')).toEqual(['00:00:00', '00:00:59', '00:02:24', '00:05:38', '00:09:39', '00:19:39', '00:29:39', '00:39:39']);
    expect(tiOf(out, 'r', 'resched_backoff')).toMatchObject({ state: 'success', try_number: 1, end_date: '2025-01-01T00:49:39Z' });
  });
});
