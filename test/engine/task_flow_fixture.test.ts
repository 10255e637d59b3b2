// The engine on test/oracle/fixtures/task-flow.yaml, the scenario `windtunnel diff` replays through
// real Airflow with zero undeclared differences (3.3.2, 3.1.8 and 2.11.2): every task instance's
// final state, per profile, so a change to these rules shows here before the oracle runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withProfile } from '../../cli/airflow/diff_run.js';
import { output } from './run_yaml.js';

const FIXTURE = readFileSync(new URL('../oracle/fixtures/task-flow.yaml', import.meta.url), 'utf8');

async function states(profile: string): Promise<Record<string, string>> {
  const out = await output(withProfile(FIXTURE, profile));
  const byRun: Record<string, string> = {};
  for (const r of out.dag_runs) {
    const tis = out.task_instances.filter((t) => t.dag_id === r.dag_id && t.run_id === r.run_id).map((t) => `${t.task_id}:${t.state}`);
    byRun[`${r.dag_id}/${r.run_id}`] = `${r.state} | ${tis.join(' ')}`;
  }
  return byRun;
}

const EXPECTED: Record<string, string> = {
  'branching/default_path': 'success | choose:success fast:success slow:skipped after_slow:skipped join:success strict_join:skipped any_done:success roll:success left:skipped right:success',
  'branching/slow_path': 'success | choose:success fast:skipped slow:success after_slow:success join:success strict_join:skipped any_done:success roll:success left:skipped right:success',
  'branching/no_path': 'success | choose:success fast:skipped slow:skipped after_slow:skipped join:skipped strict_join:skipped any_done:success roll:success left:skipped right:success',
  'branching/roll_b': 'success | choose:success fast:success slow:skipped after_slow:skipped join:success strict_join:skipped any_done:success roll:success left:success right:skipped',
  'gate/stop': 'success | check:success load:skipped notify:skipped soft_check:success soft_load:skipped soft_notify:success',
  'cluster/work_fails': 'success | create:success work:failed report:success delete:success',
  'cluster/setup_fails': 'failed | create:failed work:upstream_failed report:upstream_failed delete:upstream_failed',
  'cluster/teardown_fails': 'success | create:success work:success report:success delete:failed',
  'strict_cluster/strict': 'failed | create:success work:success delete:failed',
  'teardown_scope/scope': 'success | create:success long_work:success side:success early:success delete:success',
};

describe('task-flow fixture (confirmed by real Airflow)', () => {
  for (const profile of ['3.3', '3.1', '2']) {
    it(`profile ${profile}: every run ends as Airflow ended it`, async () => {
      const got = await states(profile);
      for (const [run, want] of Object.entries(EXPECTED)) expect(got[run], run).toBe(want);
    });
  }

  it('clearing a work task with downstream (or upstream) relatives clears its setup and teardown too (partial_subset)', async () => {
    const out = await output(withProfile(FIXTURE, '3.3'));
    const tries = (dag: string, run: string) => Object.fromEntries(out.task_instances.filter((t) => t.dag_id === dag && t.run_id === run).map((t) => [t.task_id, t.try_number]));
    expect(tries('cluster', 'work_fails')).toEqual({ create: 2, work: 2, report: 2, delete: 2 });
    expect(tries('strict_cluster', 'strict')).toEqual({ create: 2, work: 2, delete: 2 });
  });

  it('from 3.2 a teardown also waits for the tasks between its setup and itself (_evaluate_teardown_scope)', async () => {
    const start = async (profile: string) => (await output(withProfile(FIXTURE, profile))).task_instances.find((t) => t.dag_id === 'teardown_scope' && t.task_id === 'delete')!.start_date;
    expect(await start('3.1')).toBe('2025-01-01T00:02:00Z');
    expect(await start('3.3')).toBe('2025-01-01T00:31:00Z');
  });
});
