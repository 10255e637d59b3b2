// End to end against a real Airflow 3.3 on loopback (npm run test:real): the scenario's DAG files from
// export-dags, its events sent by replay_events.py, the server's history read back with
// `windtunnel import --url`, and `windtunnel diff --history` comparing it with the simulation (states,
// tries, run types, confs exactly; instants within the stated tolerance after aligning the clocks).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { getJson, ROOT, run, startAirflow, waitFor, type LoopbackAirflow } from './loopback_server.js';

const PROFILE = '3.3';
const PORT = 28180;
const SCENARIO = join(ROOT, 'test', 'airflow_real', 'fixtures', 'loopback.yaml');
const available = oracleAvailable(PROFILE);

describe(`real Airflow ${PROFILE} on loopback`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-loopback-'));
  const dags = join(dir, 'dags');
  let airflow: LoopbackAirflow;
  const t0 = Date.now();

  beforeAll(async () => {
    // Not set up fails rather than skips: the test command runs npm run oracle:setup first.
    if (!available.ok) throw new Error(`the ${PROFILE} oracle is not set up (npm run oracle:setup)`);
    run('npx', ['windtunnel', 'export-dags', SCENARIO, '--out', dags], 120_000);
    airflow = await startAirflow(PROFILE, dags, PORT);
    await waitFor('the DAG parsed by the dag processor', 120_000, async () => (await getJson(airflow, '/api/v2/dags/loopback_etl')).status === 200);
  });
  afterAll(() => {
    airflow?.down();
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`loopback end-to-end: ${Math.round((Date.now() - t0) / 1000)} s wall clock\n`);
  });

  test('replay_events.py, import --url, diff --history: what the server did matches the simulation', async () => {
    const replay = run('python3', [join(dags, 'replay_events.py'), '--base-url', airflow.url, '--token', airflow.token], 300_000);
    expect(replay).toMatch(/-> 409/); // the duplicate run id, refused as the scenario expects
    await waitFor('both runs to finish', 300_000, async () => {
      const { body } = await getJson(airflow, '/api/v2/dags/loopback_etl/dagRuns');
      const runs = (body as { dag_runs: Array<{ state: string }> }).dag_runs;
      return runs.length === 2 && runs.every((r) => r.state === 'success' || r.state === 'failed');
    });
    const history = join(dir, 'history.json');
    run('npx', ['windtunnel', 'import', '--url', airflow.url, '--token', airflow.token, '--out', history, '--name', 'loopback'], 120_000);
    const imported = JSON.parse(readFileSync(history, 'utf8')) as { dag_runs: unknown[]; task_instances: unknown[] };
    expect(imported.dag_runs).toHaveLength(2);
    expect(imported.task_instances).toHaveLength(6);
    const diff = run('npx', ['windtunnel', 'diff', '--history', history, SCENARIO, '--format', 'json'], 120_000);
    const report = JSON.parse(diff) as { differences: unknown[]; runs: { matched: number }; task_instances: { matched: number }; max_timing_deviation_s: number; tolerance_s: number };
    process.stdout.write(`diff --history: ${report.runs.matched} runs, ${report.task_instances.matched} task instances matched; largest timing deviation ${report.max_timing_deviation_s} s (tolerance ${report.tolerance_s} s)\n`);
    expect(report.differences).toEqual([]);
    expect(report.runs.matched).toBe(2);
    expect(report.task_instances.matched).toBe(6);
  });
});
