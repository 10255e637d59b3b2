// Capacity figures of a platform team's deployment (scripts/gen-deployment.mjs, issue 17): read
// from the lazy output in a small fraction of the simulation's own time, and consistent with the
// run's own counts (every task instance that ran is one delay sample; the backlog made by a small
// pool shows as queued task instances and delays).
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Scenario } from '../../core/index.js';
import { computeStats, statsConfig } from '../../core/stats/compute.js';
import { summarize } from '../../core/stats/summary.js';
import { applyChanges } from '../../core/stats/what_if_changes.js';
import { sqlJs } from '../engine/run_yaml.js';
// @ts-expect-error: a plain .mjs script without types
import { deploymentScenario } from '../../scripts/gen-deployment.mjs';

const cpu = <T>(f: () => T): [T, number] => { const a = process.cpuUsage(); const r = f(); const d = process.cpuUsage(a); return [r, (d.user + d.system) / 1000]; };

describe('stats at deployment scale', () => {
  it('60 DAGs for a day: figures in a fraction of the simulation time, consistent with the output', async () => {
    const p = parseScenario(deploymentScenario(60) as string, 'deployment.yaml');
    if (!p.ok) throw new Error('parse');
    const sql = await sqlJs();
    const run = (s: Scenario) => {
      const [r, simMs] = cpu(() => simulate(s, { sql }));
      const [stats, statsMs] = cpu(() => computeStats(r.outputStream, statsConfig(s)));
      const ran = r.output.task_instances.filter((t) => t.start_date !== null).length;
      r.close();
      return { stats, simMs, statsMs, ran };
    };
    const base = run(p.scenario);
    expect(base.stats.times).toHaveLength(144); // a day in 10-minute buckets
    expect(base.statsMs).toBeLessThan(base.simMs / 2);
    // Every try that started is one sample (no retries in this deployment).
    expect(base.stats.total.task_delay.count).toBe(base.ran);
    expect(base.stats.total.task_delay.max).toBe(0); // 512 slots, 256 parallelism: nobody waits
    // A 16-slot pool makes a backlog: tasks wait, and the pool is full most of the day.
    const small = run(applyChanges(p.scenario, [{ kind: 'pool', pool: 'default_pool', slots: 16 }]));
    const f = summarize(small.stats);
    const v = (scope: string, name: string, unit = '') => f.find((x) => x.scope === scope && x.name === name && x.unit === unit)!.value!;
    expect(v('pool default_pool', 'slots used, peak')).toBe(16);
    expect(v('pool default_pool', 'slots in use, mean', '%')).toBeGreaterThan(80);
    expect(v('total', 'queued task instances, peak')).toBeGreaterThan(16);
    expect(small.stats.total.task_delay.p90!).toBeGreaterThan(0);
  }, 300_000);
});
