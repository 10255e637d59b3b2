// The differential in npm test, for one profile: every lesson that names it, the golden scenarios and
// SWARM_PER_PROFILE seeded swarm worlds, each replayed by one long-lived real-Airflow process
// (cli/airflow/oracle_process.ts) and by Windtunnel. Every difference must be declared
// (oracle/declared.yaml) or recorded as still open (open_differences.ts: a ratchet, never a pass).
// A failure lists the differences and writes the scenario to test-results/oracle/ to replay with
// `npx windtunnel diff FILE`. Skipped, with the reason printed, when that profile's oracle is not set
// up (`npm run oracle:setup`). Totals go to test-results/oracle/<profile>.json.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { PROFILES } from '../../core/scenario/defaults.js';
import { diffScenarioFile, type DiffReport } from '../../cli/airflow/diff_run.js';
import { loadDeclared } from '../../cli/airflow/diff_declared.js';
import { differenceLine } from '../../cli/airflow/diff_format.js';
import { openOracle, oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { goldenScenarios, lessonScenarios, swarmScenarios, type CorpusScenario } from './corpus.js';
import { loadOpen, oracleFailure, ratchet, recordedFor, recording, saveOpen, signature, worldLine } from './open_differences.js';

/**
 * Swarm worlds per profile in npm test: the first SWARM_PER_PROFILE replayable oracle-sized worlds
 * (test/proof/generator_oracle.ts: a short clock, two DAGs, three tasks, six events, every feature
 * the world drew) from seed SWARM_FROM on. WINDTUNNEL_ORACLE_SWARM=N changes the count; their open
 * differences are test/oracle/open_differences/<profile>.swarm.json, recorded by
 * `npm run oracle:swarm -- --profile P --seeds 24 --from 0 --record`; more worlds run there.
 */
// 24, not the 50 issue 11 asks for: what could be recorded for every profile in one session on a
// machine loaded 25-30 (profile 2, the slowest, reached 24; 3.1 reached 50). Raise it after recording.
export const SWARM_PER_PROFILE = envCount('WINDTUNNEL_ORACLE_SWARM', 24);
export const SWARM_FROM = 0;

function envCount(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not '${v}'`);
  return n;
}

/** A readable failure: each undeclared difference on its own line, then how to replay. */
export function failureText(name: string, file: string, report: DiffReport): string {
  const lines = report.differences.slice(0, 40).map((d) => `  ${differenceLine(d)}`);
  const more = report.differences.length > 40 ? [`  … and ${report.differences.length - 40} more`] : [];
  return [`${name}: ${report.differences.length} undeclared difference(s) against Airflow ${report.airflow_version} (profile ${report.profile}):`, ...lines, ...more, `replay: npx windtunnel diff ${file}`].join('\n');
}

export function differentialSuite(profile: string): void {
  const known = (PROFILES as readonly string[]).includes(profile);
  const available = known ? oracleAvailable(profile) : { ok: false as const, message: `Windtunnel has no profile "${profile}" yet` };
  if (!available.ok) {
    const why = available.message;
    // Without the oracle there is nothing to compare: a failure, never a silent skip.
    describe(`real Airflow, profile ${profile}`, () => { test('the oracle is set up', () => { throw new Error(why); }); });
    return;
  }
  const swarm = swarmScenarios(profile, SWARM_PER_PROFILE, SWARM_FROM);
  const corpus: CorpusScenario[] = [...lessonScenarios(profile), ...goldenScenarios(profile), ...swarm.scenarios];
  describe(`real Airflow, profile ${profile}: zero undeclared differences`, () => {
    let oracle: Awaited<ReturnType<typeof openOracle>>;
    let dir: string;
    // Seeds the profile cannot express are counted, not hidden (corpus.ts says why for each).
    const totals = { profile, airflow_version: '', scenarios: 0, runs: 0, task_instances: 0, declared: 0, undeclared: 0, failed_scenarios: [] as string[], wall_ms: 0,
      swarm_worlds: swarm.scenarios.length, swarm_seeds_not_expressible: swarm.skipped.length, undeclared_by_kind: {} as Record<string, number>,
      stale_swarm_worlds: [] as string[] };
    const sqlP = initSqlJs();
    const rules = loadDeclared();
    const open = loadOpen(profile);
    const recorded: Record<string, string[]> = {};
    const t0 = performance.now();
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `wt-oracle-${profile}-`));
      oracle = await openOracle(profile);
    }, 300_000);
    afterAll(async () => {
      await oracle?.close();
      rmSync(dir, { recursive: true, force: true });
      totals.wall_ms = Math.round(performance.now() - t0);
      const out = join(process.cwd(), 'test-results', 'oracle');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `${profile}.json`), `${JSON.stringify(totals, null, 2)}\n`);
      console.log(`${profile}: ${totals.scenarios} scenarios (${totals.swarm_worlds} swarm worlds; ${totals.swarm_seeds_not_expressible} seeds skipped as not expressible), ${totals.runs} runs, ${totals.task_instances} task instances, undeclared by kind ${JSON.stringify(totals.undeclared_by_kind)}, ${(totals.wall_ms / 1000).toFixed(0)} s`);
      if (recording()) saveOpen(profile, recorded);
    });
    test.each(corpus.map((s) => [s.name, s] as const))('%s', async (name, s) => {
      const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.yaml`);
      writeFileSync(file, s.text);
      const known = recordedFor(open[name], s.text);
      const swarmWorld = name.startsWith('swarm:');
      if (known.stale && !recording()) {
        // The generator changed since this seed was recorded: its differences are about another world.
        totals.stale_swarm_worlds.push(name);
        console.log(`${profile} ${name}: the generator now makes another world than the one recorded; re-record: npm run oracle:swarm -- --profile ${profile} --seeds ${SWARM_PER_PROFILE} --from ${SWARM_FROM} --record`);
        return;
      }
      let report: DiffReport;
      try {
        report = await diffScenarioFile(file, { oracle, rules, sql: await sqlP, text: s.text });
      } catch (err) {
        // A replay real Airflow could not finish is an open problem too: known ones are recorded.
        const failure = oracleFailure(err);
        recorded[name] = swarmWorld ? [failure, worldLine(s.text)] : [failure];
        totals.failed_scenarios.push(name);
        if (!recording() && !known.signatures.includes(failure)) throw err;
        console.log(`${profile} ${name}: recorded open oracle failure: ${failure}`);
        return;
      }
      totals.airflow_version = report.airflow_version;
      totals.scenarios++;
      totals.runs += report.runs_compared;
      totals.task_instances += report.task_instances_compared;
      totals.declared += report.declared.length;
      totals.undeclared += report.differences.length;
      for (const d of report.differences) totals.undeclared_by_kind[d.kind] = (totals.undeclared_by_kind[d.kind] ?? 0) + 1;
      recorded[name] = [...report.differences.map(signature), ...(swarmWorld ? [worldLine(s.text)] : [])];
      const { fresh, gone } = ratchet(report.differences, known.signatures);
      if (gone.length > 0) console.log(`${profile} ${name}: ${gone.length} recorded open difference(s) no longer occur; shrink test/oracle/open_differences/${profile}.json (WINDTUNNEL_ORACLE_RECORD=1)`);
      if (report.differences.length > 0) {
        totals.failed_scenarios.push(name);
        const keep = join(process.cwd(), 'test-results', 'oracle', profile);
        mkdirSync(keep, { recursive: true });
        const kept = join(keep, file.split('/').pop()!);
        writeFileSync(kept, s.text);
        if (fresh.length > 0 && !recording()) expect.fail(failureText(name, kept, { ...report, differences: fresh }));
      }
      expect(report.profile).toBe(profile);
    }, 300_000);
  });
}
