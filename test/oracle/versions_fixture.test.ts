// The rows of docs/airflow-versions.md that differ between 3.1 and 3.3, confirmed by the real thing:
// test/oracle/fixtures/versions-3.1-vs-3.3.yaml replayed by real Airflow 3.2.2 and 3.3.2 must show no
// undeclared difference, while Windtunnel's own output shows the two versions apart (so the fixture
// really exercises what changed).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { diffScenarioFile, windtunnelOutput, withProfile } from '../../cli/airflow/diff_run.js';
import { loadDeclared } from '../../cli/airflow/diff_declared.js';
import { differenceLine } from '../../cli/airflow/diff_format.js';
import { openOracle, oracleAvailable } from '../../cli/airflow/oracle_process.js';

const FIXTURE = readFileSync(new URL('./fixtures/versions-3.1-vs-3.3.yaml', import.meta.url), 'utf8');
const sql = await initSqlJs();

describe('the fixture tells 3.2 from 3.3 in Windtunnel', () => {
  const out = (p: string) => windtunnelOutput(withProfile(FIXTURE, p), `versions-${p}.yaml`, sql);
  test('operator_triggered (row 5) and the partition_key answer (row 26) differ; the rest is shared', () => {
    const [o32, o33] = [out('3.2'), out('3.3')];
    const opRun = (o: typeof o32) => o.dag_runs.find((r) => r.dag_id === 'x_load' && r.run_type !== 'scheduled')?.run_type;
    expect([opRun(o32), opRun(o33)]).toEqual(['manual', 'operator_triggered']);
    const status = (o: typeof o32) => (o.event_results ?? []).map((r) => r.status);
    expect(status(o32)).toEqual([200, 200, 404, 200, 200, null, 200, 200]);
    expect(status(o33)).toEqual([200, 400, 404, 200, 200, null, 200, 200]);
  });
});

for (const profile of ['3.3', '3.2']) {
  describe(`versions fixture against real Airflow, profile ${profile}`, () => {
    const available = oracleAvailable(profile);
    if (!available.ok) { test('the oracle is set up', () => { throw new Error(available.message); }); return; }
    let oracle: Awaited<ReturnType<typeof openOracle>>;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `wt-versions-${profile}-`));
      oracle = await openOracle(profile);
    }, 300_000);
    afterAll(async () => {
      await oracle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('no undeclared difference', async () => {
      const text = withProfile(FIXTURE, profile);
      const file = join(dir, 'versions.yaml');
      writeFileSync(file, text);
      const report = await diffScenarioFile(file, { oracle, rules: loadDeclared(), sql, text });
      expect(report.differences.map(differenceLine)).toEqual([]);
      expect(report.runs_compared).toBeGreaterThanOrEqual(30);
      // The asset-triggered runs of `consume` are paired by their random suffix, not left unmatched.
      expect(report.declared.filter((d) => d.rule === 'random-run-id-suffix').length).toBeGreaterThan(0);
    }, 900_000);
  });
}
