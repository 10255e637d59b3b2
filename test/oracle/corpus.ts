// The scenarios the differential replays through real Airflow, per profile: every lesson that names
// the profile, the golden scenarios, and seeded swarm worlds (test/proof/generator.ts) re-profiled.
// A scenario is left out only when real Airflow cannot express it: a rule switch that is
// Windtunnel's own what-if (prior_run_order other than the profile's), or a text the profile refuses.
// Shared by test/oracle/differential.test.ts and scripts/oracle-swarm.mjs (bundled by esbuild).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { listLessons, parseScenario } from '../../core/index.js';
import { generateScenario } from '../proof/generator.js';
import { generateOracleScenario } from '../proof/generator_oracle.js';
import { withProfile } from '../../cli/airflow/diff_run.js';

export interface CorpusScenario {
  /** e.g. "lesson:xcom-prior-run", "golden:dst-week", "swarm:1042". */
  name: string;
  /** The scenario text, already under the profile. */
  text: string;
}

/** Why real Airflow cannot replay this text under its profile, or null when it can. */
export function notReplayable(text: string, name: string): string | null {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) return `the profile refuses it: ${parsed.errors[0].message}`;
  const doc = parseDocument(text);
  if (doc.has('rules')) {
    doc.delete('rules');
    const plain = parseScenario(doc.toString(), name);
    if (plain.ok && plain.scenario.rules.prior_run_order !== parsed.scenario.rules.prior_run_order) {
      return `rules.prior_run_order: ${parsed.scenario.rules.prior_run_order} is a Windtunnel what-if, not an Airflow setting`;
    }
  }
  const s = parsed.scenario;
  const pausedCheck = s.dags.some((d) => d.tasks.some((t) => t.trigger?.fail_when_dag_is_paused));
  if (pausedCheck && (s.airflow === '3.0' || s.airflow === '3.1')) {
    // The locked standard provider raises NotImplementedError at import below Airflow 3.2.
    return 'fail_when_dag_is_paused: the standard provider in the locked environment refuses it below Airflow 3.2';
  }
  return null;
}

export function lessonScenarios(profile: string): CorpusScenario[] {
  return listLessons()
    .filter((l) => { const p = parseScenario(l.text, l.name); return p.ok && p.scenario.airflow === profile; })
    .filter((l) => notReplayable(l.text, l.name) === null)
    .map((l) => ({ name: `lesson:${l.name}`, text: l.text }));
}

export function goldenScenarios(profile: string, root = process.cwd()): CorpusScenario[] {
  const dir = join(root, 'test', 'golden', 'scenarios');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => {
    const text = withProfile(readFileSync(join(dir, f), 'utf8'), profile);
    return notReplayable(text, f) === null ? [{ name: `golden:${f.replace(/\.yaml$/, '')}`, text }] : [];
  });
}

/** Swarm worlds as the generator makes them, or cut down to what real Airflow replays in seconds. */
export type SwarmSize = 'oracle' | 'full';

/** The first `count` replayable swarm worlds from seed `from` on, under the profile; and the seeds skipped. */
export function swarmScenarios(profile: string, count: number, from: number, size: SwarmSize = 'oracle'): { scenarios: CorpusScenario[]; skipped: Array<{ seed: number; why: string }> } {
  const scenarios: CorpusScenario[] = [];
  const skipped: Array<{ seed: number; why: string }> = [];
  for (let seed = from; scenarios.length < count && seed < from + count * 4; seed++) {
    const text = withProfile((size === 'oracle' ? generateOracleScenario(seed) : generateScenario(seed)).yaml, profile);
    const why = notReplayable(text, `swarm-${seed}.yaml`);
    if (why) skipped.push({ seed, why });
    else scenarios.push({ name: `swarm:${seed}`, text });
  }
  return { scenarios, skipped };
}
