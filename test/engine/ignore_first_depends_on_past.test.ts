// ignore_first_depends_on_past where it matters (PrevDagrunDep, A3.3/ti_deps/deps/prev_dagrun_dep.py
// _has_tis/_has_any_prior_tis; the same in 2.11 with execution_date): only when the previous run has
// no instance of the task, and "first" means no instance with an earlier logical_date, so instances
// in runs without a logical date never count. Confirmed with zero differences by the oracle on
// test/oracle/fixtures/ignore-first-depends-on-past.yaml (3.3.2, 3.1.8).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { output } from './run_yaml.js';

const FIXTURE = readFileSync(new URL('../oracle/fixtures/ignore-first-depends-on-past.yaml', import.meta.url), 'utf8');

describe('ignore_first_depends_on_past', () => {
  it('lets a task added later start although the previous run has no instance of it', async () => {
    const out = await output(FIXTURE);
    const step = (dag: string) => out.task_instances.filter((t) => t.dag_id === dag && t.task_id === 'new_step').map((t) => [t.run_id, t.state]);
    // The 03-03 run is before new_step's start_date: it gets no instance of it.
    expect(step('with_flag')).toEqual([['adhoc', 'success'], ['scheduled__2025-03-04T00:00:00+00:00', 'success'], ['scheduled__2025-03-05T00:00:00+00:00', 'success']]);
    expect(step('without_flag')).toEqual([['adhoc', 'success'], ['scheduled__2025-03-04T00:00:00+00:00', null], ['scheduled__2025-03-05T00:00:00+00:00', null]]);
    const blocked = out.log.filter((l) => l.kind === 'ti.blocked' && l.dag_id === 'without_flag').map((l) => l.why);
    expect(blocked[0]).toMatch(/previous run scheduled__2025-03-03T00:00:00\+00:00 has no task instance of new_step/);
  });

  it('the ad-hoc run without a logical date ran new_step first, yet is not an earlier instance', async () => {
    const out = await output(FIXTURE);
    const passed = out.log.find((l) => l.dag_id === 'with_flag' && l.run_id === 'scheduled__2025-03-04T00:00:00+00:00' && l.task_id === 'new_step' && l.kind === 'ti.scheduled');
    expect(passed?.why).toMatch(/never ran before \(ignore_first_depends_on_past\)/);
  });

  it('does nothing when the previous run has the task: its state decides', async () => {
    const out = await output(FIXTURE.replace(/, start_date: 2025-03-04\}/, ', outcome: {fail_if: "{{ ds == \'2025-03-03\' }}"}}'));
    const step = out.task_instances.filter((t) => t.dag_id === 'with_flag' && t.task_id === 'new_step' && t.run_id.startsWith('scheduled')).map((t) => t.state);
    expect(step).toEqual(['failed', null, null]);
  });
});
