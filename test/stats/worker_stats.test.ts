// The app's worker: the stats method the capacity charts call (a simulation's figures are core/stats
// on its output, checked in Chromium by test/e2e/capacity_charts: sql.js's wasm does not load in
// the worker module under Node); and releaseOutput, by which the worker keeps no second copy of
// the output it posted.
import { describe, expect, it } from 'vitest';
import { handle } from '../../renderer/lib/worker.js';
import { parseScenario, simulate } from '../../core/index.js';
import { sqlJs } from '../engine/run_yaml.js';

const TEXT = `windtunnel: 1
name: worker-stats
pools: {one: 1}
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T03:00:00Z}
dags:
  - dag_id: a
    schedule: "*/20 * * * *"
    start_date: 2025-01-01
    tasks:
      - {task_id: t, duration: PT30M, pool: one}
`;

const call = async (method: string, params: unknown) => {
  const r = await handle({ id: 1, method, params } as never);
  if (!r.ok) throw new Error(r.error);
  return r.result as never;
};

describe('worker stats', () => {
  it('answers null for a session it does not hold (the charts then say so)', async () => {
    expect(await call('stats', { session: 'nobody' })).toBeNull();
  });

  it('releaseOutput forgets the whole output; reading it again makes the same one', async () => {
    const p = parseScenario(TEXT, 'w.yaml');
    if (!p.ok) throw new Error('parse');
    const r = simulate(p.scenario, { sql: await sqlJs() });
    const first = r.output;
    expect(r.output).toBe(first);
    r.releaseOutput();
    const again = r.output;
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    r.close();
  });
});
