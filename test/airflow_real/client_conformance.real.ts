// The official apache-airflow-client against a real Airflow 3.3 api-server (export-dags of the fixture)
// and against `windtunnel serve` on the same fixture: every call's status and compared body fields must
// agree. The real server's answers are written to fixtures/client-real-3.3.json, which npm test's
// client_serve.test.ts checks serve against without starting Airflow.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { CLIENT_FIXTURE, CLIENT_PROFILE, callDifferences, clientInstalled, REAL_RECORD, runClientCalls, startServe } from './client_conformance.js';
import { getJson, run, startAirflow, waitFor, type LoopbackAirflow } from './loopback_server.js';

const ready = oracleAvailable(CLIENT_PROFILE).ok && clientInstalled();

describe.skipIf(!ready)('apache-airflow-client: real api-server and windtunnel serve answer alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-client-'));
  let airflow: LoopbackAirflow;
  beforeAll(async () => {
    run('npx', ['windtunnel', 'export-dags', CLIENT_FIXTURE, '--out', join(dir, 'dags')], 120_000);
    airflow = await startAirflow(CLIENT_PROFILE, join(dir, 'dags'), 28280);
    for (const dag of ['conformance_manual', 'conformance_daily']) {
      await waitFor(`${dag} parsed`, 120_000, async () => (await getJson(airflow, `/api/v2/dags/${dag}`)).status === 200);
    }
  });
  afterAll(() => {
    airflow?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  test('same status codes and body fields for every call', async () => {
    const real = runClientCalls(airflow.url, airflow.token);
    writeFileSync(REAL_RECORD, `${JSON.stringify({ airflow: '3.3.2', client: 'apache-airflow-client 3.3.2', calls: real }, null, 2)}\n`);
    const serve = await startServe(28281, 'client-conformance-token');
    let simulated;
    try { simulated = runClientCalls(serve.url, 'client-conformance-token'); } finally { await serve.stop(); }
    expect(callDifferences(real, simulated, ['real', 'serve'])).toEqual([]);
  });
});
