// Issue 16 items 1 and 3: branching, short-circuits and setup/teardown against the engine's JSON
// output, each expectation taken from the installed Airflow's rules (providers/standard
// utils/skipmixin.py, ti_deps/deps/trigger_rule_dep.py, not_previously_skipped_dep.py,
// models/dagrun.py _tis_for_dagrun_state).
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario } from '../../core/index.js';
import { output, tiOf } from './run_yaml.js';

const scenario = (tasks: string, events: string, profile = '3.3') => `
windtunnel: 1
name: flow
airflow: "${profile}"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks:
${tasks.trim().split('\n').map((l) => `      ${l}`).join('\n')}
events:
${events.trim().split('\n').map((l) => `  ${l}`).join('\n')}`;

const BRANCH = `
- {task_id: choose, operator: branch, branch: "{{ dag_run.conf.get('path', 'fast') }}"}
- {task_id: fast, upstream: [choose], duration: PT2M}
- {task_id: slow, upstream: [choose], duration: PT10M}
- {task_id: after_slow, upstream: [slow]}
- {task_id: join, upstream: [fast, after_slow], trigger_rule: none_failed_min_one_success}
- {task_id: strict_join, upstream: [fast, after_slow]}`;

const states = (out: Awaited<ReturnType<typeof output>>, run: string) =>
  Object.fromEntries(out.task_instances.filter((t) => t.run_id === run).map((t) => [t.task_id, t.state]));

describe('branching (BranchPythonOperator)', () => {
  it('follows the branch named by conf; the other is skipped at the branch end and the skip propagates', async () => {
    const out = await output(scenario(BRANCH, `
- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: a}}
- {at: 2025-01-01T01:00:00Z, trigger: {dag_id: d, run_id: b, conf: {path: slow}}}`));
    expect(states(out, 'a')).toEqual({ choose: 'success', fast: 'success', slow: 'skipped', after_slow: 'skipped', join: 'success', strict_join: 'skipped' });
    expect(states(out, 'b')).toEqual({ choose: 'success', fast: 'skipped', slow: 'success', after_slow: 'success', join: 'success', strict_join: 'skipped' });
    // The skipped branch gets start = end = the instant the branch task ended.
    expect(tiOf(out, 'a', 'slow')).toMatchObject({ start_date: '2025-01-01T00:01:00Z', end_date: '2025-01-01T00:01:00Z' });
    expect(out.dag_runs.map((r) => r.state)).toEqual(['success', 'success']);
    // Airflow 3 skips by raising DownstreamTasksSkipped: no return_value, only the skipmixin_key XCom.
    expect(out.xcoms.filter((x) => x.run_id === 'a')).toEqual([
      { dag_id: 'd', run_id: 'a', task_id: 'choose', map_index: -1, key: 'skipmixin_key', value: { followed: ['fast'] } },
    ]);
    const why = out.log.find((l) => l.kind === 'ti.skipped' && l.run_id === 'a' && l.task_id === 'slow')!.why;
    expect(why).toContain('branch of choose follows fast');
  });

  it('Airflow 2 pushes the branch list as return_value too', async () => {
    const out = await output(scenario(BRANCH, '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: a, logical_date: 2025-01-01T00:00:00Z}}', '2'));
    expect(out.xcoms.map((x) => [x.key, x.value])).toEqual([['skipmixin_key', { followed: ['fast'] }], ['return_value', ['fast']]]);
  });

  it('a branch naming no task skips every direct downstream task; a task that does not exist fails the try', async () => {
    const none = await output(scenario(BRANCH.replace(`"{{ dag_run.conf.get('path', 'fast') }}"`, '""'), '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: a}}'));
    expect(states(none, 'a')).toMatchObject({ fast: 'skipped', slow: 'skipped', join: 'skipped' });
    const bad = await output(scenario(BRANCH, '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: a, conf: {path: nope}}}'));
    expect(tiOf(bad, 'a', 'choose')).toMatchObject({ state: 'failed', error: "AirflowException: 'branch_task_ids' must contain only valid task_ids. Invalid tasks found: {'nope'}." });
    expect(states(bad, 'a')).toMatchObject({ fast: 'upstream_failed', slow: 'upstream_failed' });
  });

  it('choose: the seeded pick is a function of seed, dag, run and task (the DAG file computes the same)', async () => {
    const tasks = BRANCH.replace(`"{{ dag_run.conf.get('path', 'fast') }}"`, '{choose: [fast, slow]}');
    const events = Array.from({ length: 6 }, (_, i) => `- {at: 2025-01-01T0${i}:00:00Z, trigger: {dag_id: d, run_id: r${i}}}`).join('\n');
    const out = await output(scenario(tasks, events));
    const picks = out.dag_runs.map((r) => (states(out, r.run_id).fast === 'success' ? 'fast' : 'slow'));
    expect(new Set(picks)).toEqual(new Set(['fast', 'slow']));
    const again = await output(scenario(tasks, events));
    expect(again.dag_runs.map((r) => (states(again, r.run_id).fast === 'success' ? 'fast' : 'slow'))).toEqual(picks);
  });

  it('NotPreviouslySkippedDep: a cleared skipped branch is skipped again from the XCom', async () => {
    const out = await output(scenario(BRANCH, `
- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: a}}
- {at: 2025-01-01T02:00:00Z, clear: {dag_id: d, run_id: a, task_ids: [slow]}}`));
    expect(tiOf(out, 'a', 'slow').state).toBe('skipped');
    expect(out.log.some((l) => l.run_id === 'a' && l.task_id === 'slow' && l.why.includes('NotPreviouslySkippedDep'))).toBe(true);
  });
});

describe('short-circuit (ShortCircuitOperator)', () => {
  const gate = (ignore: boolean) => `
- {task_id: check, operator: short_circuit, condition: "{{ dag_run.conf.get('go', True) }}", ignore_downstream_trigger_rules: ${ignore}}
- {task_id: load, upstream: [check]}
- {task_id: notify, upstream: [load], trigger_rule: none_failed}
- {task_id: cleanup, upstream: [load], teardown: true}`;

  it('a false condition skips every downstream task but teardowns; a true one pushes the condition', async () => {
    const out = await output(scenario(gate(true), `
- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: stop, conf: {go: false}}}
- {at: 2025-01-01T01:00:00Z, trigger: {dag_id: d, run_id: go}}`));
    expect(states(out, 'stop')).toEqual({ check: 'success', load: 'skipped', notify: 'skipped', cleanup: 'success' });
    expect(states(out, 'go')).toEqual({ check: 'success', load: 'success', notify: 'success', cleanup: 'success' });
    expect(out.xcoms.map((x) => [x.run_id, x.key, x.value])).toEqual([['stop', 'skipmixin_key', { skipped: ['load', 'notify'] }], ['go', 'return_value', true]]);
  });

  it('ignore_downstream_trigger_rules: false skips the direct downstream only; the rest follow their trigger rules', async () => {
    const out = await output(scenario(gate(false), '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: stop, conf: {go: false}}}'));
    expect(states(out, 'stop')).toEqual({ check: 'success', load: 'skipped', notify: 'success', cleanup: 'success' });
  });
});

describe('setup and teardown', () => {
  const cluster = (workOutcome: string, extra = '') => `
- {task_id: create, setup: true, duration: PT2M, outcome: ${workOutcome === 'setup_fails' ? 'failed' : 'success'}}
- {task_id: work, upstream: [create], duration: PT5M, outcome: ${workOutcome === 'work_fails' ? 'failed' : 'success'}}
- {task_id: delete, upstream: [create, work], teardown: true${extra}}`;
  const once = '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d, run_id: r}}';

  it('the teardown runs after failed work, and the run fails from its work task, not the teardown', async () => {
    const out = await output(scenario(cluster('work_fails'), once));
    expect(states(out, 'r')).toEqual({ create: 'success', work: 'failed', delete: 'success' });
    expect(out.dag_runs[0].state).toBe('failed');
    expect(tiOf(out, 'r', 'delete').start_date).toBe('2025-01-01T00:07:00Z');
  });

  it('a failed teardown does not fail the run unless on_failure_fail_dagrun', async () => {
    const failing = cluster('ok').replace('teardown: true', 'teardown: true, outcome: failed');
    expect((await output(scenario(failing, once))).dag_runs[0].state).toBe('success');
    expect((await output(scenario(failing.replace('teardown: true', 'teardown: true, on_failure_fail_dagrun: true'), once))).dag_runs[0].state).toBe('failed');
  });

  it('a failed setup: work is upstream_failed and the teardown (none of its setups succeeded) too', async () => {
    const out = await output(scenario(cluster('setup_fails'), once));
    expect(states(out, 'r')).toEqual({ create: 'failed', work: 'upstream_failed', delete: 'upstream_failed' });
    expect(out.dag_runs[0].state).toBe('failed');
  });

  it('a plain clear of the work task leaves the setup and teardown alone (no relatives asked for)', async () => {
    const out = await output(scenario(cluster('work_fails'), `${once}\n- {at: 2025-01-01T01:00:00Z, clear: {dag_id: d, run_id: r, task_ids: [work]}}`));
    expect(Object.fromEntries(out.task_instances.map((t) => [t.task_id, t.try_number]))).toEqual({ create: 1, work: 2, delete: 1 });
  });

  it('a failed indirect setup makes an all_done work task upstream_failed (the setup constraint)', async () => {
    const tasks = `
- {task_id: create, setup: true, outcome: failed}
- {task_id: w1, upstream: [create]}
- {task_id: w2, upstream: [w1], trigger_rule: all_done}
- {task_id: delete, upstream: [create, w2], teardown: true}`;
    const out = await output(scenario(tasks, once));
    expect(states(out, 'r')).toEqual({ create: 'failed', w1: 'upstream_failed', w2: 'upstream_failed', delete: 'upstream_failed' });
    expect(out.log.some((l) => l.task_id === 'w2' && l.why.includes('a setup of this task did not succeed'))).toBe(true);
  });
});

describe('scenario keys', () => {
  const errors = (tasks: string) => {
    const r = parseScenario(scenario(tasks, '- {at: 2025-01-01T00:00:00Z, trigger: {dag_id: d}}'), 'f.yaml');
    return r.ok ? [] : r.errors.map(formatError);
  };
  it('refuses what Airflow refuses, at the key', () => {
    expect(errors('- {task_id: b, operator: branch}')[0]).toMatch(/f\.yaml:\d+:\d+ dags\[0\]\.tasks\[0\]\.branch: missing required key 'branch'/);
    expect(errors('- {task_id: a, branch: x}')[0]).toContain("'branch' is only for operator: branch");
    expect(errors('- {task_id: a, setup: true, teardown: true}')[0]).toContain("Cannot mark task 'a' as teardown; task is already a setup.");
    expect(errors('- {task_id: a, teardown: true, trigger_rule: all_success}')[0]).toContain("a teardown's trigger rule is all_done_setup_success");
    expect(errors('- {task_id: s, setup: true}\n- {task_id: w, upstream: [s], trigger_rule: all_done}')[0]).toContain('Setup tasks must be followed with trigger rule ALL_SUCCESS');
    expect(errors('- {task_id: b, operator: branch, branch: "x, a"}\n- {task_id: a, upstream: [b]}')[0]).toContain('Invalid tasks found: x');
    expect(errors('- {task_id: a, on_failure_fail_dagrun: true}')[0]).toContain("'on_failure_fail_dagrun' is only for teardown: true");
    expect(errors('- {task_id: a, operator: short_circuit, condition: "x", returns: "1"}')[0]).toContain("'returns' does not apply");
    expect(errors('- {task_id: a, bogus_key: 1}')[0]).toContain("unknown key 'bogus_key'");
  });
});
