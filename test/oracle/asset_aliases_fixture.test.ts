// Asset aliases against real Airflow (issue 16 item 5): test/oracle/fixtures/asset-aliases.yaml,
// replayed by profiles 3.3, 3.1 and 3.0, shows no undeclared difference (only the random suffixes of
// asset-triggered run ids, declared). The engine side is pinned in test/engine/asset_aliases.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { diffScenarioFile, withProfile } from '../../cli/airflow/diff_run.js';
import { loadDeclared } from '../../cli/airflow/diff_declared.js';
import { differenceLine } from '../../cli/airflow/diff_format.js';
import { openOracle, oracleAvailable } from '../../cli/airflow/oracle_process.js';

const FIXTURE = readFileSync(new URL('./fixtures/asset-aliases.yaml', import.meta.url), 'utf8');

for (const profile of ['3.3', '3.1', '3.0']) {
  describe(`asset-aliases fixture against real Airflow, profile ${profile}`, () => {
    const available = oracleAvailable(profile);
    if (!available.ok) { test('the oracle is set up', () => { throw new Error(available.message); }); return; }
    let oracle: Awaited<ReturnType<typeof openOracle>>;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `wt-aliases-${profile}-`));
      oracle = await openOracle(profile);
    }, 300_000);
    afterAll(async () => {
      await oracle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('asset-aliases.yaml: no undeclared difference', async () => {
      const text = withProfile(FIXTURE, profile);
      const file = join(dir, 'asset-aliases.yaml');
      writeFileSync(file, text);
      const report = await diffScenarioFile(file, { oracle, rules: loadDeclared(), sql: await initSqlJs(), text });
      expect(report.differences.map(differenceLine)).toEqual([]);
      expect(report.runs_compared).toBe(12);
      expect(report.task_instances_compared).toBe(14);
      expect(new Set(report.declared.map((d) => d.rule))).toEqual(new Set(['random-run-id-suffix']));
    }, 600_000);
  });
}
