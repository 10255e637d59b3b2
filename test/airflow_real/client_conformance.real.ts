// The official apache-airflow-client of each 3.x profile against that profile's real api-server
// (export-dags of the fixture, on loopback) and against `windtunnel serve --profile P` on the same
// fixture: every call's status and compared body fields must agree. The real server's answers are
// written to fixtures/client-real-<P>.json, which npm test's client_serve.test.ts checks serve against
// without starting Airflow. One profile at a time: each starts its own api-server and scheduler.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { CLIENT_FIXTURE, CLIENT_PROFILES, callDifferences, clientVersion, realRecord, runClientCalls, startServe } from './client_conformance.js';
import { getJson, run, startAirflow, waitFor, type LoopbackAirflow } from './loopback_server.js';

describe.each(CLIENT_PROFILES.map((p, i) => [p, i] as const))('apache-airflow-client %s: real api-server and windtunnel serve answer alike', (profile, i) => {
  const dir = mkdtempSync(join(tmpdir(), `wt-client-${profile}-`));
  let airflow: LoopbackAirflow | undefined;
  beforeAll(async () => {
    const oracle = oracleAvailable(profile);
    if (!oracle.ok) throw new Error(`the ${profile} oracle is not set up (npm run oracle:setup)`);
    run('npx', ['windtunnel', 'export-dags', CLIENT_FIXTURE, '--profile', profile, '--out', join(dir, 'dags')], 120_000);
    airflow = await startAirflow(profile, join(dir, 'dags'), 28280 + 2 * i);
    for (const dag of ['conformance_manual', 'conformance_daily']) {
      await waitFor(`${dag} parsed`, 180_000, async () => (await getJson(airflow!, `/api/v2/dags/${dag}`)).status === 200);
    }
  }, 600_000);
  afterAll(() => {
    airflow?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  test('same status codes and body fields for every call', async () => {
    const client = clientVersion(profile);
    if (!client.ok) throw new Error(`apache-airflow-client is not installed for profile ${profile}: ${client.why}`);
    const real = runClientCalls(profile, airflow!.url, airflow!.token);
    const version = (await getJson(airflow!, '/api/v2/version')).body as { version: string };
    writeFileSync(realRecord(profile), `${JSON.stringify({ airflow: version.version, client: `apache-airflow-client ${client.version}`, calls: real }, null, 2)}\n`);
    const token = `client-conformance-token-${i}`;
    const serve = await startServe(profile, 28281 + 2 * i, token);
    let simulated;
    try { simulated = runClientCalls(profile, serve.url, token); } finally { await serve.stop(); }
    expect(callDifferences(real, simulated, ['real', 'serve'])).toEqual([]);
  }, 300_000);
});
