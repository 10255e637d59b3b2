// npm test's half of the client conformance check: the official apache-airflow-client drives
// `windtunnel serve` through every endpoint it implements, and each call's status and compared fields
// must equal what real Airflow 3.3.2's api-server answered to the same calls (fixtures/client-real-3.3.json,
// recorded by `npm run test:real`'s client_conformance.real.ts). Skipped when the client is not installed.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';
import { CLIENT_PROFILE, callDifferences, clientInstalled, REAL_RECORD, runClientCalls, startServe, type CallRecord } from './client_conformance.js';

const ready = oracleAvailable(CLIENT_PROFILE).ok && clientInstalled();

describe.skipIf(!ready)('apache-airflow-client against windtunnel serve', () => {
  test('every call answers as real Airflow 3.3.2 did (status codes and body fields)', async () => {
    const real = (JSON.parse(readFileSync(REAL_RECORD, 'utf8')) as { calls: CallRecord[] }).calls;
    const serve = await startServe(28291, 'client-serve-token');
    let simulated: CallRecord[];
    try { simulated = runClientCalls(serve.url, 'client-serve-token'); } finally { await serve.stop(); }
    expect(simulated.map((c) => c.name)).toEqual(real.map((c) => c.name));
    expect(callDifferences(real, simulated, ['real', 'serve'])).toEqual([]);
  }, 240_000);
});
