// The swarm generator's 3.2/3.3 features (generator_recent.ts): present in worlds of those profiles
// only, valid, and doing in the simulation what the rows of docs/airflow-versions.md say.
import { describe, expect, test } from 'vitest';
import initSqlJs from 'sql.js';
import { formatError, parseScenario, simulate } from '../../core/index.js';
import { generateScenario } from './generator.js';

const sql = await initSqlJs();
type Obj = Record<string, unknown>;
const restBodies = (doc: Obj) => ((doc.events as Obj[] | undefined) ?? [])
  .map((e) => e.api as Obj | undefined)
  .filter((a): a is Obj => !!a && a.method === 'POST' && /\/dagRuns$/.test(String(a.path)) && !!a.body && typeof a.body === 'object')
  .map((a) => a.body as Obj);
const dagIds = (doc: Obj) => (doc.dags as Obj[]).map((d) => String(d.dag_id));

describe('swarm worlds of profiles 3.2 and 3.3', () => {
  test('draw every profile, 3.3 (the default) more often than 3.2', () => {
    const n = new Map<string, number>();
    for (let seed = 0; seed < 300; seed++) {
      const p = String(generateScenario(seed).doc.airflow);
      n.set(p, (n.get(p) ?? 0) + 1);
    }
    expect([...n.keys()].sort()).toEqual(['2', '3.0', '3.1', '3.2', '3.3']);
    expect(n.get('3.3')!).toBeGreaterThan(n.get('3.2')!);
  });

  test('an older profile gets none of the new features, and the same world before them', () => {
    for (let seed = 0; seed < 60; seed++) {
      for (const profile of ['2', '3.0', '3.1']) {
        const doc = generateScenario(seed, { profile }).doc;
        expect(dagIds(doc).filter((id) => id.startsWith('x_'))).toEqual([]);
        expect(restBodies(doc).filter((b) => 'partition_key' in b)).toEqual([]);
      }
      const old = dagIds(generateScenario(seed, { profile: '3.1' }).doc);
      expect(dagIds(generateScenario(seed, { profile: '3.3' }).doc).filter((id) => !id.startsWith('x_'))).toEqual(old);
    }
  });

  test('are valid and carry every new feature somewhere in 150 seeds', () => {
    const seen = new Set<string>();
    for (const profile of ['3.2', '3.3']) {
      for (let seed = 0; seed < 150; seed++) {
        const g = generateScenario(seed, { profile });
        const p = parseScenario(g.yaml, `swarm-${seed}.yaml`);
        if (!p.ok) throw new Error(`seed ${seed} (${profile}): ${p.errors.slice(0, 3).map(formatError).join('; ')}`);
        const bodies = restBodies(g.doc);
        if (bodies.some((b) => 'partition_key' in b)) seen.add(`${profile} partition_key`);
        if (bodies.some((b) => 'run_after' in b)) seen.add(`${profile} run_after`);
        const sc = p.scenario;
        if (sc.dags.some((d) => d.tasks.some((t) => t.trigger?.dag_id === 'x_load'))) seen.add(`${profile} operator before depends_on_past`);
        if (sc.dags.some((d) => d.max_consecutive_failed_dag_runs > 0 && d.dag_id === 'x_fragile')) seen.add(`${profile} auto-pause`);
        if (sc.dags.some((d) => d.tasks.some((t) => (t.returns ?? '').includes("dag_id='d0'")))) seen.add(`${profile} cross-DAG include_prior_dates`);
      }
    }
    const want = ['partition_key', 'run_after', 'operator before depends_on_past', 'auto-pause', 'cross-DAG include_prior_dates'];
    expect([...seen].sort()).toEqual(['3.2', '3.3'].flatMap((p) => want.map((w) => `${p} ${w}`)).sort());
  });

  test('the features act: 3.3 operator_triggered runs and 400 for partition_key, 3.2 stores the key', () => {
    const found = new Set<string>();
    for (let seed = 0; seed < 40 && found.size < 3; seed++) {
      for (const profile of ['3.2', '3.3']) {
        const g = generateScenario(seed, { profile });
        const p = parseScenario(g.yaml, `swarm-${seed}.yaml`);
        if (!p.ok) throw new Error(`seed ${seed}: ${formatError(p.errors[0])}`);
        const result = simulate(p.scenario, { sql });
        try {
          const o = result.output;
          if (o.dag_runs.some((r) => r.run_type === 'operator_triggered')) found.add(`${profile} operator_triggered`);
          const refusedKey = o.event_results.some((r) => r.status === 400 && /does not accept a partition_key/.test(JSON.stringify(r)));
          if (refusedKey) found.add(`${profile} partition_key refused`);
          // The run the API made and answered with carries the key (the output's dag_runs do not print it).
          if (o.event_results.some((r) => r.status === 200 && typeof ((r as unknown as Obj).response as Obj | undefined)?.partition_key === 'string')) found.add(`${profile} partition_key stored`);
        } finally {
          result.close();
        }
      }
    }
    expect(found).toContain('3.3 operator_triggered');
    expect(found).toContain('3.3 partition_key refused');
    expect(found).toContain('3.2 partition_key stored');
    expect(found).not.toContain('3.2 operator_triggered');
    expect(found).not.toContain('3.3 partition_key stored');
  }, 120_000);
});
