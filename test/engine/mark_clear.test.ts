// mark and clear as real Airflow applies them, per profile: set_dag_run_state_to_success sets every
// task instance not in success up to 3.2 and only running/unfinished ones from 3.3 on; marking a
// task success clears its failed downstream and re-queues the run; a finished try keeps its end_date;
// a clear that matches nothing leaves the run alone; marking a run queued changes only its state.
import { describe, expect, it } from 'vitest';
import { output, tiOf } from './run_yaml.js';

const chain = (profile: string, events: string) => `
windtunnel: 1
name: mark-clear
airflow: "${profile}"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
      - {task_id: a, duration: PT10M, outcome: failed}
      - {task_id: b, upstream: [a], duration: PT10M}
      - {task_id: c, upstream: [b], duration: PT10M}
      - {task_id: side, duration: PT3H}
events:
  - at: 2025-01-01T00:00:00Z
    trigger: {dag_id: d, run_id: r}
${events}`;

const states = (out: Awaited<ReturnType<typeof output>>) => Object.fromEntries(out.task_instances.map((t) => [t.task_id, t.state]));

describe('mark a run', () => {
  const markSuccess = `  - at: 2025-01-01T01:00:00Z
    mark: {dag_id: d, run_id: r, state: success}`;

  for (const profile of ['2', '3.0', '3.1', '3.2']) {
    it(`success under ${profile}: every task instance not in success becomes success, failed ones too`, async () => {
      const out = await output(chain(profile, markSuccess));
      expect(out.dag_runs[0]).toMatchObject({ state: 'success', end_date: '2025-01-01T01:00:00Z' });
      expect(states(out)).toEqual({ a: 'success', b: 'success', c: 'success', side: 'success' });
      // a failed at 00:10 and b was set upstream_failed then: both keep those dates.
      expect(tiOf(out, 'r', 'a')).toMatchObject({ start_date: '2025-01-01T00:00:00Z', end_date: '2025-01-01T00:10:00Z' });
      expect(tiOf(out, 'r', 'b')).toMatchObject({ start_date: '2025-01-01T00:10:00Z', end_date: '2025-01-01T00:10:00Z' });
    });
  }

  it('success under 3.3: running ones succeed, finished ones keep their state', async () => {
    const out = await output(chain('3.3', markSuccess));
    expect(out.dag_runs[0]).toMatchObject({ state: 'success', end_date: '2025-01-01T01:00:00Z' });
    expect(states(out)).toEqual({ a: 'failed', b: 'upstream_failed', c: 'upstream_failed', side: 'success' });
    expect(tiOf(out, 'r', 'side')).toMatchObject({ start_date: '2025-01-01T00:00:00Z', end_date: '2025-01-01T01:00:00Z' });
  });

  it('failed: the running task fails, finished ones keep their state', async () => {
    const out = await output(chain('3.1', `  - at: 2025-01-01T01:00:00Z
    mark: {dag_id: d, run_id: r, state: failed}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', end_date: '2025-01-01T01:00:00Z' });
    expect(states(out)).toEqual({ a: 'failed', b: 'upstream_failed', c: 'upstream_failed', side: 'failed' });
  });

  it('queued only sets the run state: no task is cleared, the scheduler finishes it again', async () => {
    const out = await output(chain('3.3', `  - at: 2025-01-01T04:00:00Z
    mark: {dag_id: d, run_id: r, state: queued}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', clear_number: 0 });
    expect(states(out)).toEqual({ a: 'failed', b: 'upstream_failed', c: 'upstream_failed', side: 'success' });
    expect(tiOf(out, 'r', 'a').try_number).toBe(1);
    expect(out.log.filter((l) => l.run_id === 'r' && l.at === '2025-01-01T04:00:00Z' && l.kind.startsWith('dag_run.')).map((l) => l.kind))
      .toEqual(['dag_run.queued', 'dag_run.running', 'dag_run.failed']);
  });
});

describe('mark a task', () => {
  for (const profile of ['2', '3.1', '3.3']) {
    it(`success under ${profile} clears the failed downstream and re-queues the run; the marked try keeps its end`, async () => {
      const out = await output(chain(profile, `  - at: 2025-01-01T04:00:00Z
    mark: {dag_id: d, run_id: r, task_id: a, state: success}`));
      expect(out.dag_runs[0]).toMatchObject({ state: 'success', clear_number: 1, end_date: '2025-01-01T04:20:00Z' });
      expect(tiOf(out, 'r', 'a')).toMatchObject({ state: 'success', try_number: 1, end_date: '2025-01-01T00:10:00Z' });
      expect(tiOf(out, 'r', 'b')).toMatchObject({ state: 'success', start_date: '2025-01-01T04:00:00Z' });
      expect(tiOf(out, 'r', 'c')).toMatchObject({ state: 'success', start_date: '2025-01-01T04:10:00Z' });
      // side succeeded before the mark and is not downstream of a: untouched.
      expect(tiOf(out, 'r', 'side')).toMatchObject({ state: 'success', try_number: 1, end_date: '2025-01-01T03:00:00Z' });
    });
  }

  it('a task with no failed downstream: only its state changes, the run is not re-queued', async () => {
    const out = await output(chain('3.3', `  - at: 2025-01-01T04:00:00Z
    mark: {dag_id: d, run_id: r, task_id: side, state: failed}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', clear_number: 0 });
    expect(tiOf(out, 'r', 'side')).toMatchObject({ state: 'failed', end_date: '2025-01-01T03:00:00Z' });
  });
});

describe('clear', () => {
  it('only_failed with nothing failed leaves the run alone (no clear_number, no re-queue)', async () => {
    const out = await output(chain('3.3', `  - at: 2025-01-01T04:00:00Z
    clear: {dag_id: d, run_id: r, task_ids: [side], only_failed: true}`));
    expect(out.dag_runs[0]).toMatchObject({ state: 'failed', clear_number: 0, end_date: '2025-01-01T03:00:00Z' });
  });

  it('clearing a task of a running run keeps the run running and its start_date, and bumps clear_number', async () => {
    const out = await output(chain('3.3', `  - at: 2025-01-01T01:00:00Z
    clear: {dag_id: d, run_id: r, task_ids: [a]}`));
    expect(out.dag_runs[0]).toMatchObject({ clear_number: 1, start_date: '2025-01-01T00:00:00Z' });
    expect(out.log.filter((l) => l.run_id === 'r' && l.at === '2025-01-01T01:00:00Z' && l.kind.startsWith('dag_run.')).map((l) => l.kind))
      .toEqual(['dag_run.cleared']);
    expect(tiOf(out, 'r', 'a')).toMatchObject({ state: 'failed', try_number: 2, start_date: '2025-01-01T01:00:00Z' });
  });
});

describe('clear options', () => {
  // Hourly runs of a → b → c where b fails in every run.
  const hourly = (profile: string, events: string) => `
windtunnel: 1
name: clear-options
airflow: "${profile}"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: h
    schedule: "@hourly"
    start_date: 2025-01-01T01:00:00Z
    max_active_runs: 1
    tasks:
      - {task_id: a, duration: PT1M}
      - {task_id: b, upstream: [a], duration: PT1M, outcome: failed}
      - {task_id: c, upstream: [b], duration: PT1M}
events:
  - at: 2025-01-01T03:30:00Z
    trigger: {dag_id: h, run_id: adhoc}
${events}`;
  const r2 = 'scheduled__2025-01-01T02:00:00+00:00';
  const tries = (out: Awaited<ReturnType<typeof output>>, task: string) =>
    Object.fromEntries(out.task_instances.filter((t) => t.task_id === task).map((t) => [t.run_id.startsWith('scheduled__') ? t.run_id.slice(22, 24) : t.run_id, t.try_number]));

  it('downstream and upstream grow task_ids within the run', async () => {
    const down = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], downstream: true}`));
    expect(tries(down, 'a')['02']).toBe(1);
    expect([tries(down, 'b')['02'], tries(down, 'c')['02']]).toEqual([2, 0]); // c was upstream_failed, never tried; cleared, it is upstream_failed again
    // c keeps the dates it got when first set upstream_failed (clearing keeps them; set_state fills only missing ones).
    expect(tiOf(down, r2, 'c').end_date).toBe('2025-01-01T02:02:00Z');
    const up = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], upstream: true}`));
    expect([tries(up, 'a')['02'], tries(up, 'b')['02']]).toEqual([2, 2]);
    expect(tiOf(up, r2, 'c').end_date).toBe('2025-01-01T02:02:00Z');
  });

  it('future clears this run and every later logical date, not the run without one', async () => {
    const out = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], future: true}`));
    expect(tries(out, 'b')).toEqual({ '01': 1, '02': 2, '03': 2, '04': 2, '05': 2, '06': 0, adhoc: 1 });
  });

  it('past clears this run and every earlier logical date; past + future clears every run, adhoc too', async () => {
    const past = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], past: true}`));
    expect(tries(past, 'b')).toEqual({ '01': 2, '02': 2, '03': 1, '04': 1, '05': 1, '06': 0, adhoc: 1 });
    const both = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], past: true, future: true}`));
    expect(tries(both, 'b')).toEqual({ '01': 2, '02': 2, '03': 2, '04': 2, '05': 2, '06': 0, adhoc: 2 });
  });

  it('future/past on a run without a logical date is a 400 in 3.1+; 3.0 refuses them with any run id', async () => {
    const ev = `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: adhoc, future: true}`;
    const noLd = await output(hourly('3.3', ev));
    expect(noLd.event_results[1]).toMatchObject({ ok: false, status: 400, error: 'Cannot use include_past or include_future with no logical_date(e.g. manually or asset-triggered).' });
    const v30 = await output(hourly('3.0', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "scheduled__2025-01-01T01:00:00+00:00", past: true}`));
    expect(v30.event_results[1]).toMatchObject({ ok: false, status: 400 });
    expect(v30.event_results[1].error).toContain('when dag_run_id is provided');
  });

  it('dag_run_state: null resets the task instances and leaves the run as it was', async () => {
    const out = await output(hourly('3.3', `  - at: 2025-01-01T05:30:00Z
    clear: {dag_id: h, run_id: "${r2}", task_ids: [b], dag_run_state: null}`));
    const run = out.dag_runs.find((r) => r.run_id === r2)!;
    expect(run).toMatchObject({ state: 'failed', clear_number: 0, end_date: '2025-01-01T02:02:00Z' });
    expect(tiOf(out, r2, 'b')).toMatchObject({ state: null, try_number: 1 });
  });
});
