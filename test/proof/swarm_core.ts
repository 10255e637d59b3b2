// One swarm world: generate a scenario from a seed, simulate it with every invariant checked after
// every step, then check that SQL mirrors the records. Shared by test/proof/swarm.test.ts and
// scripts/swarm.mjs (which bundles this file with esbuild). No file system here: callers write the
// reproducing scenario when a seed fails.
import type { SqlJsStatic } from 'sql.js';
import { formatError, parseScenario, simulate } from '../../core/index.js';
import { checkFinalInvariants, checkInvariants, invariantSteps } from '../../core/scheduler/invariants.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { generateScenario, type GenOptions } from './generator.js';

export interface SeedResult {
  seed: number;
  ok: boolean;
  /** Invariant violations (the first failing step only), parse errors, or a crash. */
  problems: string[];
  yaml: string;
  stats: { steps: number; runs: number; tis: number; events: number; refused: number; log: number; ms: number };
  /** The JSON output (when requested), for determinism checks. */
  json?: string;
}

class StopAtViolation extends Error {}

export function runSeed(seed: number, sql: SqlJsStatic, opts: GenOptions & { keepJson?: boolean; clock?: () => number } = {}): SeedResult {
  const clock = opts.clock ?? (() => 0);
  const t0 = clock();
  const gen = generateScenario(seed, opts);
  const stats = { steps: 0, runs: 0, tis: 0, events: 0, refused: 0, log: 0, ms: 0 };
  const parsed = parseScenario(gen.yaml, `swarm-${seed}.yaml`);
  if (!parsed.ok) {
    return { seed, ok: false, problems: ['the generator wrote a scenario the parser refuses:', ...parsed.errors.map(formatError)], yaml: gen.yaml, stats };
  }
  const problems: string[] = [];
  let sim: Simulation | null = null;
  let json: string | undefined;
  let closed = false;
  try {
    const result = simulate(parsed.scenario, {
      sql,
      afterStep: (s) => {
        sim = s;
        const v = checkInvariants(s);
        if (v.length > 0) {
          problems.push(...v);
          throw new StopAtViolation();
        }
      },
    });
    if (sim) problems.push(...checkFinalInvariants(sim));
    const out = result.output;
    stats.runs = out.dag_runs.length;
    stats.tis = out.task_instances.length;
    stats.events = out.event_results.length;
    stats.refused = out.event_results.filter((r) => !r.ok).length;
    stats.log = out.log.length;
    if (opts.keepJson) json = JSON.stringify(out);
    result.close();
    closed = true;
  } catch (err) {
    if (!(err instanceof StopAtViolation)) problems.push(`the simulation threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  const steps = sim ? invariantSteps(sim) : 0;
  if (sim && !closed) (sim as Simulation).db.close();
  stats.steps = steps;
  stats.ms = clock() - t0;
  return { seed, ok: problems.length === 0, problems, yaml: gen.yaml, stats, json };
}

/** The scenario text of a seed (for a seed whose worker had to be stopped). */
export function generateYaml(seed: number, scale = 1): string {
  return generateScenario(seed, { scale }).yaml;
}

/** The scenario file written for a failing seed: the YAML with the violations as a comment. */
export function reproFile(r: SeedResult): string {
  const header = [
    `# Swarm failure, seed ${r.seed}. Replay: npm run swarm -- --seed ${r.seed}`,
    `#   or: npx windtunnel run <this file>`,
    ...r.problems.slice(0, 40).flatMap((p) => p.split('\n')).map((p) => `#   ${p}`),
  ].join('\n');
  return `${header}\n${r.yaml}`;
}
