// Operators that do no work of their own end their try at the instant it starts, whatever the
// scenario's duration says: an EmptyOperator handed to a worker (one with outlets) and a
// TriggerDagRunOperator without wait_for_completion. Real Airflow 3.3.2 did exactly this in the
// oracle (windtunnel diff); the TriggerDagRunOperator's XComs follow each version's provider.
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';

const sql = await initSqlJs();

function run(profile: string) {
  const text = `windtunnel: 1
name: no-work
airflow: "${profile}"
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-01T02:00:00Z}
assets: [{name: a}]
dags:
  - dag_id: p
    schedule: "@hourly"
    start_date: 2025-06-01
    catchup: false
    tasks:
      - {task_id: mark, operator: empty, duration: PT5M, outlets: [a]}
      - {task_id: kick, operator: trigger_dagrun, duration: PT7M, upstream: [mark], trigger: {dag_id: c}}
      - {task_id: work, duration: PT2M, upstream: [kick]}
  - dag_id: c
    schedule: null
    start_date: 2025-06-01
    tasks: [{task_id: use, duration: PT1M}]
`;
  const parsed = parseScenario(text, 'no-work.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = simulate(parsed.scenario, { sql });
  try {
    return JSON.parse(JSON.stringify(result.output)) as { task_instances: Array<Record<string, unknown>>; xcoms: Array<Record<string, unknown>> };
  } finally {
    result.close();
  }
}

describe('operators without work of their own', () => {
  for (const profile of ['2', '3.0', '3.3']) {
    it(`end their tries as they start (profile ${profile})`, () => {
      const out = run(profile);
      const ti = (task: string) => out.task_instances.find((t) => t.dag_id === 'p' && t.task_id === task && t.start_date === '2025-06-01T01:00:00Z')!;
      expect(ti('mark')).toMatchObject({ state: 'success', end_date: '2025-06-01T01:00:00Z' });
      expect(ti('kick')).toMatchObject({ state: 'success', end_date: '2025-06-01T01:00:00Z' });
      expect(out.task_instances.find((t) => t.dag_id === 'p' && t.task_id === 'work' && t.start_date === '2025-06-01T01:00:00Z')).toMatchObject({ end_date: '2025-06-01T01:02:00Z' });
    });
  }

  it('TriggerDagRunOperator XComs: the link in Airflow 3, the logical date in Airflow 2', () => {
    // The XComs of the kick that ran at 01:00 (the one that triggered manual__2025-06-01T01:00:00+00:00).
    const keys = (profile: string) => run(profile).xcoms
      .filter((x) => x.task_id === 'kick' && String(x.value).includes('2025-06-01T01:00:00'))
      .map((x) => `${String(x.key)}=${String(x.value)}`).sort();
    expect(keys('3.3')).toEqual([
      '_link_TriggerDagRunLink=/dags/c/runs/manual__2025-06-01T01:00:00+00:00',
      'trigger_run_id=manual__2025-06-01T01:00:00+00:00',
    ]);
    expect(keys('2')).toEqual([
      'trigger_logical_date_iso=2025-06-01T01:00:00+00:00',
      'trigger_run_id=manual__2025-06-01T01:00:00+00:00',
    ]);
  });
});
