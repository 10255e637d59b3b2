// Which scenarios the differential replays: nothing left out except what real Airflow cannot express.
import { describe, expect, it } from 'vitest';
import { getLesson } from '../../core/index.js';
import { goldenScenarios, lessonScenarios, notReplayable, swarmScenarios } from './corpus.js';

describe('oracle corpus', () => {
  it('leaves out a Windtunnel-only rule switch and a text the profile refuses, saying why', () => {
    expect(notReplayable(getLesson('depends-on-past-adhoc-run-after')!.text, 'x.yaml')).toMatch(/prior_run_order: run_after is a Windtunnel what-if/);
    expect(notReplayable(getLesson('depends-on-past-adhoc')!.text, 'x.yaml')).toBeNull(); // names Airflow's own order
    expect(notReplayable('windtunnel: 1\nname: x\nairflow: "3.0"\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags:\n  - dag_id: d\n    schedule: null\n    tasks: [{task_id: t, trigger_rule: all_done_min_one_success}]\n', 'x.yaml')).toMatch(/the profile refuses it/);
  });

  it('takes every lesson naming the profile, the goldens re-profiled, and N swarm worlds under the profile', () => {
    expect(lessonScenarios('3.1').map((s) => s.name)).toContain('lesson:xcom-prior-run');
    expect(lessonScenarios('3.3').map((s) => s.name)).not.toContain('lesson:depends-on-past-adhoc-run-after');
    expect(goldenScenarios('3.0').map((s) => s.name)).toEqual(['golden:dst-week', 'golden:task-mapping']);
    for (const g of goldenScenarios('3.0')) expect(g.text).toMatch(/^airflow: "?3\.0"?$/m);
    const { scenarios, skipped } = swarmScenarios('3.0', 10, 0);
    expect(scenarios).toHaveLength(10);
    for (const s of scenarios) expect(s.text).toMatch(/^airflow: "?3\.0"?$/m);
    expect(skipped.every((x) => x.why.length > 0)).toBe(true);
  });
});
