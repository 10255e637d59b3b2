// Windtunnel against the real-Airflow oracle on the same scenarios, wall time side by side from one
// run (`npm run bench` runs this as a child; alone: node scripts/bench-oracle.mjs [--profile P]):
// a lesson, a day of 10 hourly DAGs, a week of one hourly DAG. Windtunnel's time is parse +
// simulate + output in this process; the oracle's is one replay through its long-lived process
// (started once beforehand, its start-up reported apart). Writes bench-results/oracle.json.
// Prints one line saying so and exits 0 when the oracle is not set up.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'proof', 'bench_oracle.mjs');
const argv = process.argv.slice(2);
const pi = argv.indexOf('--profile');
const profile = pi >= 0 ? argv[pi + 1] : '3.1';

/** `dags` DAGs on @hourly with two tasks each, catching up over `hours` from 2025-01-06T00:00Z. */
export function hourlyDags(name, dags, hours) {
  const start = Date.UTC(2025, 0, 6);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const list = Array.from({ length: dags }, (_, i) => `  - dag_id: hourly_${String(i).padStart(2, '0')}
    schedule: "@hourly"
    start_date: ${iso(start)}
    catchup: true
    tasks:
      - {task_id: extract, duration: PT5M}
      - {task_id: load, upstream: [extract], duration: PT3M}`).join('\n');
  return `windtunnel: 1\nname: ${name}\nairflow: "${profile}"\nclock: {start: ${iso(start)}, end: ${iso(start + hours * 3_600_000)}}\ndags:\n${list}\n`;
}

await build({
  stdin: {
    contents: "export * from './core/index.ts'; export { openOracle, oracleAvailable } from './cli/airflow/oracle_process.ts'; export { withProfile } from './cli/airflow/diff_run.ts';",
    resolveDir: root, sourcefile: 'bench_oracle_entry.ts', loader: 'ts',
  },
  outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const m = await import(pathToFileURL(bundle).href);
const available = m.oracleAvailable(profile);
if (!available.ok) {
  console.log(`oracle side by side: skipped (${available.message})`);
  process.exit(0);
}
const { default: initSqlJs } = await import('sql.js');
const sql = await initSqlJs();
const scenarios = [
  { name: 'lesson xcom-prior-run', text: m.withProfile(m.getLesson('xcom-prior-run').text, profile) },
  { name: 'a day of 10 hourly DAGs', text: hourlyDags('bench-day-10-hourly', 10, 24) },
  { name: 'a week of one hourly DAG', text: hourlyDags('bench-week-1-hourly', 1, 24 * 7) },
];
const dir = mkdtempSync(join(tmpdir(), 'wt-bench-oracle-'));
const t0 = performance.now();
const oracle = await m.openOracle(profile);
const startupMs = performance.now() - t0;
// Each line is printed as soon as its scenario is done (a replay can take minutes on a loaded machine).
console.log(`oracle side by side (profile ${profile}, Airflow ${oracle.airflowVersion}; oracle process start-up ${(startupMs / 1000).toFixed(1)} s, not counted below):`);
const line = (r) => console.log(r.error
  ? `  ${r.name}: Windtunnel ${r.windtunnel_ms.toFixed(0)} ms; oracle FAILED: ${r.error}`
  : `  ${r.name} (${r.runs} runs, ${r.task_instances} TIs): Windtunnel ${r.windtunnel_ms.toFixed(0)} ms, Airflow ${(r.oracle_ms / 1000).toFixed(2)} s → Airflow/Windtunnel ${r.ratio.toFixed(0)}×`);
const rows = [];
let airflowVersion = '';
try {
  for (const s of scenarios) {
    const w0 = performance.now();
    const p = m.parseScenario(s.text, `${s.name}.yaml`);
    if (!p.ok) throw new Error(`${s.name}: ${p.errors.map(m.formatError).join('; ')}`);
    const r = m.simulate(p.scenario, { sql });
    const out = r.output;
    const wtMs = performance.now() - w0;
    r.close();
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, s.text);
    const o0 = performance.now();
    let oracleMs = null;
    let error = null;
    try {
      const a = await oracle.replay(file, { timeoutMs: 3_600_000 }); // a week hourly takes minutes
      oracleMs = performance.now() - o0;
      airflowVersion = a.airflowVersion;
    } catch (err) { error = String(err.message ?? err).split('\n')[0]; }
    rows.push({ name: s.name, runs: out.dag_runs.length, task_instances: out.task_instances.length, windtunnel_ms: wtMs, oracle_ms: oracleMs, ratio: oracleMs === null ? null : oracleMs / wtMs, error });
    line(rows[rows.length - 1]);
  }
} finally {
  await oracle.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'oracle.json'), `${JSON.stringify({ profile, airflow_version: airflowVersion, startup_ms: startupMs, scenarios: rows }, null, 2)}\n`);
