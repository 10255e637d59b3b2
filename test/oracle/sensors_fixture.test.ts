// Sensors, the triggerer and execution_timeout against real Airflow (issue 16 items 2 and 4):
// test/oracle/fixtures/sensors.yaml and sensor-backoff.yaml, replayed by profiles 3.1 and 3.3, show
// no undeclared difference (execution_timeout's "Timeout, PID: <pid>" wording is declared). The
// engine side of the same fixtures is pinned in test/engine/sensors.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { diffScenarioFile, withProfile } from '../../cli/airflow/diff_run.js';
import { loadDeclared } from '../../cli/airflow/diff_declared.js';
import { differenceLine } from '../../cli/airflow/diff_format.js';
import { openOracle, oracleAvailable } from '../../cli/airflow/oracle_process.js';

const FIXTURE = readFileSync(new URL('./fixtures/sensors.yaml', import.meta.url), 'utf8');
const BACKOFF = readFileSync(new URL('./fixtures/sensor-backoff.yaml', import.meta.url), 'utf8');

for (const profile of ['3.3', '3.1']) {
  describe(`sensors fixture against real Airflow, profile ${profile}`, () => {
    const available = oracleAvailable(profile);
    if (!available.ok) { test('the oracle is set up', () => { throw new Error(available.message); }); return; }
    let oracle: Awaited<ReturnType<typeof openOracle>>;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `wt-sensors-${profile}-`));
      oracle = await openOracle(profile);
    }, 300_000);
    afterAll(async () => {
      await oracle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('sensor-backoff.yaml: exponential_backoff pokes exactly when Airflow does', async () => {
      const text = withProfile(BACKOFF, profile);
      const file = join(dir, 'sensor-backoff.yaml');
      writeFileSync(file, text);
      const report = await diffScenarioFile(file, { oracle, rules: loadDeclared(), sql: await initSqlJs(), text });
      expect(report.differences.map(differenceLine)).toEqual([]);
      expect(report.task_instances_compared).toBe(2);
    }, 600_000);

    test('sensors.yaml: no undeclared difference', async () => {
      const text = withProfile(FIXTURE, profile);
      const file = join(dir, 'sensors.yaml');
      writeFileSync(file, text);
      const report = await diffScenarioFile(file, { oracle, rules: loadDeclared(), sql: await initSqlJs(), text });
      expect(report.differences.map(differenceLine)).toEqual([]);
      expect(report.task_instances_compared).toBe(14);
      expect(report.declared.map((d) => d.rule)).toEqual(['execution-timeout-pid', 'execution-timeout-pid']);
    }, 600_000);
  });
}
