// What Airflow answers for a Dag that does not exist, in the order real Airflow checks (both seen in
// the oracle on 3.1.8 and 3.3.2): FastAPI validates a trigger's body before the route looks the Dag
// up (a bad body is 422, a good one 404), a pause goes through PATCH /dags/{dag_id}, whose 404
// says "Dag with id: … was not found", and a clear of a run the Dag lacks says "Dag Run id … not found".
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';

const sql = await initSqlJs();

function results(profile: string) {
  const text = `windtunnel: 1
name: missing
airflow: "${profile}"
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-01T01:00:00Z}
dags:
  - {dag_id: d, schedule: null, start_date: 2025-05-01, tasks: [{task_id: t}]}
events:
  - {at: 2025-06-01T00:10:00Z, api: {method: POST, path: /api/v2/dags/nope/dagRuns, body: {logical_date: null, extra_key: 1}}}
  - {at: 2025-06-01T00:11:00Z, api: {method: POST, path: /api/v2/dags/nope/dagRuns, body: {logical_date: null}}}
  - {at: 2025-06-01T00:12:00Z, unpause: nope}
  - {at: 2025-06-01T00:13:00Z, clear: {dag_id: d, run_id: nope}}
`;
  const parsed = parseScenario(text, 'missing.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = simulate(parsed.scenario, { sql });
  try {
    return result.output.event_results.map((r) => [r.status, r.error]);
  } finally {
    result.close();
  }
}

describe('a Dag that does not exist', () => {
  for (const [profile, dagWord] of [['3.3', 'Dag'], ['3.1', 'DAG']] as const) {
    it(`profile ${profile}: body errors first (422), then 404; a pause says the route's words`, () => {
      expect(results(profile)).toEqual([
        [422, 'body.extra_key: Extra inputs are not permitted'],
        [404, `${dagWord} with dag_id: 'nope' not found`],
        [404, 'Dag with id: nope was not found'],
        [404, 'Dag Run id nope not found in dag d'],
      ]);
    });
  }
  it('profile 2: the pause answers REST API v1\'s words (2.11.2 in the oracle)', () => {
    expect(results('2').slice(2)).toEqual([[404, "Dag with id: 'nope' not found"], [404, 'Dag Run id nope not found in dag d']]);
  });
});
