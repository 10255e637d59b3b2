// npm test's half of the client conformance check: the official apache-airflow-client of each 3.x profile
// drives `windtunnel serve --profile P` through every endpoint it implements, and each call's status and
// compared fields must equal what that profile's real api-server answered to the same calls
// (fixtures/client-real-<P>.json, recorded by `npm run test:real`'s client_conformance.real.ts).
// A missing client fails: npm test's command runs `npm run oracle:setup`, which installs it.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { CLIENT_PROFILES, callDifferences, clientVersion, realRecord, runClientCalls, startServe, type CallRecord } from './client_conformance.js';

describe.each(CLIENT_PROFILES.map((p, i) => [p, i] as const))('apache-airflow-client %s against windtunnel serve', (profile, i) => {
  test('every call answers as the real api-server did (status codes and body fields)', async () => {
    const client = clientVersion(profile);
    if (!client.ok) throw new Error(`apache-airflow-client is not installed for profile ${profile} (npm run oracle:setup): ${client.why}`);
    const recorded = JSON.parse(readFileSync(realRecord(profile), 'utf8')) as { client: string; calls: CallRecord[] };
    expect(recorded.client).toBe(`apache-airflow-client ${client.version}`);
    const token = `client-serve-token-${i}`;
    const serve = await startServe(profile, 28291 + i, token);
    let simulated: CallRecord[];
    try { simulated = runClientCalls(profile, serve.url, token); } finally { await serve.stop(); }
    expect(simulated.map((c) => c.name)).toEqual(recorded.calls.map((c) => c.name));
    expect(callDifferences(recorded.calls, simulated, ['real', 'serve'])).toEqual([]);
  }, 240_000);
});
