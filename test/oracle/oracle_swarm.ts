// Larger differential runs outside npm test (`npm run oracle:swarm -- --profile P --seeds N [--from S]`):
// N replayable swarm worlds under profile P through one real-Airflow process and Windtunnel. Each
// world with an undeclared difference (or an oracle failure) is written to OUT/seed-<S>.yaml with
// its report beside it, to replay with `npx windtunnel diff`. Bundled by scripts/oracle-swarm.mjs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { diffScenarioFile } from '../../cli/airflow/diff_run.js';
import { loadDeclared } from '../../cli/airflow/diff_declared.js';
import { diffJson, differenceLine } from '../../cli/airflow/diff_format.js';
import { openOracle, oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { swarmScenarios, type SwarmSize } from './corpus.js';
import { loadOpen, oracleFailure, saveOpen, signature, worldLine, type OpenList } from './open_differences.js';

export interface OracleSwarmOptions {
  profile: string; seeds: number; from: number; out: string; log: (line: string) => void;
  /** Oracle-sized worlds (what npm test replays) or the generator's full-size ones. */
  size?: SwarmSize;
  /** Rewrite test/oracle/open_differences/<profile>.swarm.json from this run (the npm test ratchet). */
  record?: boolean;
}

export interface OracleSwarmSummary {
  profile: string; airflow_version: string; scenarios: number; skipped: number; runs: number; task_instances: number;
  declared: number; undeclared: number; failed: string[]; oracle_errors: string[]; wall_ms: number; ms_per_scenario: number;
  /** Undeclared differences counted by table and field: where the engine's rules differ most. */
  by_field: Record<string, number>;
  /** Oracle replay time per world (ms), in seed order: where the time goes. */
  ms_per_world: Record<string, number>;
}

export async function runOracleSwarm(o: OracleSwarmOptions): Promise<OracleSwarmSummary | null> {
  const available = oracleAvailable(o.profile);
  if (!available.ok) { o.log(`oracle:swarm: ${available.message}`); return null; }
  const t0 = performance.now();
  const { scenarios, skipped } = swarmScenarios(o.profile, o.seeds, o.from, o.size ?? 'oracle');
  // Recording rewrites the worlds this run replays and keeps the other recorded ones.
  const recorded: OpenList = o.record ? Object.fromEntries(Object.entries(loadOpen(o.profile)).filter(([k]) => k.startsWith('swarm:'))) : {};
  const sql = await initSqlJs();
  const rules = loadDeclared();
  const dir = mkdtempSync(join(tmpdir(), 'wt-oracle-swarm-'));
  const s: OracleSwarmSummary = { profile: o.profile, airflow_version: '', scenarios: 0, skipped: skipped.length, runs: 0, task_instances: 0, declared: 0, undeclared: 0, failed: [], oracle_errors: [], wall_ms: 0, ms_per_scenario: 0, by_field: {}, ms_per_world: {} };
  o.log(`oracle:swarm: profile ${o.profile}, ${scenarios.length} world(s) from seed ${o.from} (${skipped.length} skipped: not expressible in Airflow ${o.profile})`);
  const oracle = await openOracle(o.profile);
  const keep = (name: string, text: string, report: string) => {
    mkdirSync(o.out, { recursive: true });
    const base = join(o.out, name.replace('swarm:', 'seed-'));
    writeFileSync(`${base}.yaml`, text);
    writeFileSync(`${base}.diff.txt`, report);
    return `${base}.yaml`;
  };
  try {
    for (const sc of scenarios) {
      const file = join(dir, 'scenario.yaml');
      writeFileSync(file, sc.text);
      const w0 = performance.now();
      try {
        const r = await diffScenarioFile(file, { oracle, rules, sql, text: sc.text, name: sc.name });
        recorded[sc.name] = [...r.differences.map(signature), worldLine(sc.text)];
        s.airflow_version = r.airflow_version;
        s.scenarios++;
        s.runs += r.runs_compared;
        s.task_instances += r.task_instances_compared;
        s.declared += r.declared.length;
        s.undeclared += r.differences.length;
        if (r.differences.length > 0) {
          s.failed.push(sc.name);
          for (const d of r.differences) { const k = `${d.kind}.${d.field.split('.')[0]}`; s.by_field[k] = (s.by_field[k] ?? 0) + 1; }
          const kept = keep(sc.name, sc.text, diffJson(r));
          o.log(`✗ ${sc.name}: ${r.differences.length} undeclared difference(s), e.g. ${differenceLine(r.differences[0])}; written to ${kept}`);
        }
      } catch (err) {
        s.scenarios++;
        s.oracle_errors.push(sc.name);
        recorded[sc.name] = [oracleFailure(err), worldLine(sc.text)];
        const kept = keep(sc.name, sc.text, String((err as Error).message));
        o.log(`✗ ${sc.name}: ${(err as Error).message.split('\n')[0]}; written to ${kept}`);
      }
      s.ms_per_world[sc.name] = Math.round(performance.now() - w0);
      // Saved after every world, so a long recording stopped early keeps what it replayed.
      if (o.record) saveOpen(o.profile, recorded);
      o.log(`  ${sc.name}: ${(s.ms_per_world[sc.name] / 1000).toFixed(1)} s`);
      if (s.scenarios % 25 === 0) o.log(`  ${s.scenarios}/${scenarios.length} worlds, ${s.failed.length + s.oracle_errors.length} failed, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  }
  s.wall_ms = Math.round(performance.now() - t0);
  s.ms_per_scenario = s.scenarios ? Math.round(s.wall_ms / s.scenarios) : 0;
  return s;
}
