// The bounded swarm of npm test: a fixed range of seeded random worlds (test/proof/generator.ts),
// each simulated with every invariant checked after every step (core/scheduler/invariants.ts).
// A failing seed names itself and writes test-results/swarm/seed-<N>.yaml, which replays it
// (`npm run swarm -- --seed N`, or `npx windtunnel run` on the file). `npm run swarm -- --seeds N`
// runs many more.
import { describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';
import { checkInvariants } from '../../core/scheduler/invariants.js';
import type { ScheduleSpec } from '../../core/index.js';
import { generateScenario } from './generator.js';
import { reproFile, runSeed } from './swarm_core.js';

/** Seeds 0..SEEDS-1 run in npm test (about 20-30 s in one worker). */
export const SEEDS = 64;

let sqlP: Promise<SqlJsStatic> | null = null;
const sqlJs = () => (sqlP ??= initSqlJs());

describe('swarm: seeded random worlds keep every invariant', () => {
  test.each(Array.from({ length: SEEDS }, (_, i) => i))('seed %i', async (seed) => {
    const r = runSeed(seed, await sqlJs(), { clock: () => performance.now() });
    if (!r.ok) {
      const dir = join(process.cwd(), 'test-results', 'swarm');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `seed-${seed}.yaml`);
      writeFileSync(file, reproFile(r));
      expect.fail(`seed ${seed} failed; scenario written to ${file}; replay: npm run swarm -- --seed ${seed}\n${r.problems.slice(0, 20).join('\n')}`);
    }
    expect(r.stats.steps).toBeGreaterThan(0);
  });
});

// Minimal scenarios for the engine bugs the swarm found, kept as regressions.
describe('swarm regressions', () => {
  const run = async (yaml: string) => {
    const p = parseScenario(yaml, 'r.yaml');
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const problems: string[] = [];
    const r = simulate(p.scenario, { sql: await sqlJs(), afterStep: (s) => { problems.push(...checkInvariants(s)); } });
    const out = r.output;
    r.close();
    return { problems, out };
  };

  test('seed 4: an upstream in state None is not "removed" (a chain of three waits for its middle)', async () => {
    const { problems, out } = await run(`windtunnel: 1
name: chain
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T02:00:00Z}
dags:
  - dag_id: d
    schedule: "@once"
    start_date: 2025-01-01
    tasks:
      - {task_id: a, duration: PT10M}
      - {task_id: b, upstream: [a], duration: PT10M}
      - {task_id: c, upstream: [b], duration: PT10M}
`);
    expect(problems).toEqual([]);
    const c = out.task_instances.find((t) => t.task_id === 'c')!;
    expect(c.start_date).toBe('2025-01-01T00:20:00Z');
  });

  test('seed 172: a @continuous run that ends at the instant it began does not loop forever', async () => {
    const { problems, out } = await run(`windtunnel: 1
name: continuous-zero
airflow: "2"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T03:00:00Z}
dags:
  - dag_id: c
    schedule: "@continuous"
    start_date: 2025-01-01
    catchup: false
    max_active_runs: 1
    tasks: [{task_id: e, operator: empty}]
  - dag_id: clock
    schedule: "@hourly"
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT5M}]
`);
    expect(problems).toEqual([]);
    expect(out.dag_runs.filter((r) => r.dag_id === 'c').length).toBeGreaterThan(1);
  }, 20_000);
});

describe('the generator', () => {
  test('is a pure function of the seed', () => {
    for (const seed of [0, 1, 99, 123456]) expect(generateScenario(seed).yaml).toBe(generateScenario(seed).yaml);
    expect(generateScenario(1).yaml).not.toBe(generateScenario(2).yaml);
  });

  test('writes valid scenarios that cover every schedule kind, event kind and profile', () => {
    const schedules = new Set<string>();
    const events = new Set<string>();
    const profiles = new Set<string>();
    const features = new Set<string>();
    const walk = (s: ScheduleSpec) => {
      schedules.add(s.kind);
      if (s.kind === 'asset_or_time') walk(s.timetable);
    };
    for (let seed = 0; seed < 300; seed++) {
      const p = parseScenario(generateScenario(seed).yaml, `swarm-${seed}.yaml`);
      if (!p.ok) throw new Error(`seed ${seed}: ${JSON.stringify(p.errors.slice(0, 3))}`);
      const sc = p.scenario;
      profiles.add(sc.airflow);
      for (const d of sc.dags) {
        walk(d.schedule);
        if (d.catchup) features.add('catchup');
        if (d.paused) features.add('paused');
        for (const t of d.tasks) {
          if (t.retries > 0) features.add('retries');
          if (t.depends_on_past) features.add('depends_on_past');
          if (t.pool !== 'default_pool') features.add('pools');
          if (t.outlets.length) features.add('outlets');
          if (t.operator === 'trigger_dagrun') features.add('trigger_dagrun');
          if (t.operator === 'empty') features.add('empty');
          features.add(`rule:${t.trigger_rule}`);
        }
      }
      for (const e of sc.events) events.add(e.kind);
      const ats = sc.events.map((e) => e.at);
      if (ats.some((t, i) => i > 0 && t === ats[i - 1])) features.add('burst');
      if (ats.some((t, i) => i > 0 && t < ats[i - 1])) features.add('out-of-order events');
    }
    expect([...schedules].sort()).toEqual(['asset_or_time', 'assets', 'continuous', 'cron', 'cron_data_interval', 'cron_trigger', 'delta', 'delta_data_interval', 'delta_trigger', 'events', 'multiple_cron', 'null', 'once']);
    expect([...events].sort()).toEqual(['api', 'asset_event', 'backfill', 'clear', 'mark', 'message', 'pause', 'trigger', 'unpause']);
    expect([...profiles].sort()).toEqual(['2', '3.0', '3.1', '3.2', '3.3']);
    for (const f of ['catchup', 'paused', 'retries', 'depends_on_past', 'pools', 'outlets', 'trigger_dagrun', 'empty', 'burst', 'out-of-order events', 'rule:all_done_min_one_success', 'rule:one_failed', 'rule:none_skipped']) {
      expect(features, f).toContain(f);
    }
  });
});
