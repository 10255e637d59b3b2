// Airflow 2 starts a queued run only once its execution_date has come (DagRun.next_dagruns_to_examine
// filters execution_date <= now() unless allow_future_exec_dates; A2/models/dagrun.py:431-432).
// Real Airflow 2.11.2 started the lesson's 09:00:02 run at 09:00:02 in the oracle.
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';

const sql = await initSqlJs();

function runs(profile: string) {
  const text = `windtunnel: 1
name: future
airflow: "${profile}"
clock: {start: 2025-03-01T08:00:00Z, end: 2025-03-01T12:00:00Z}
dags:
  - {dag_id: d, schedule: null, start_date: 2025-01-01, tasks: [{task_id: t, duration: PT10M}]}
events:
  - {at: 2025-03-01T09:00:00Z, trigger: {dag_id: d, logical_date: 2025-03-01T09:45:00Z}}
  - {at: 2025-03-01T09:00:00Z, trigger: {dag_id: d, logical_date: 2025-03-01T08:30:00Z}}
`;
  const parsed = parseScenario(text, 'future.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = simulate(parsed.scenario, { sql });
  try {
    return result.output.dag_runs.map((r) => ({ logical_date: r.logical_date, queued_at: r.queued_at, start_date: r.start_date }));
  } finally {
    result.close();
  }
}

describe('Airflow 2: a run dated in the future', () => {
  it('is queued when triggered and starts at its execution date; a past-dated one starts at once', () => {
    expect(runs('2')).toEqual(expect.arrayContaining([
      { logical_date: '2025-03-01T09:45:00Z', queued_at: '2025-03-01T09:00:00Z', start_date: '2025-03-01T09:45:00Z' },
      { logical_date: '2025-03-01T08:30:00Z', queued_at: '2025-03-01T09:00:00Z', start_date: '2025-03-01T09:00:00Z' },
    ]));
  });

  it('Airflow 3 starts it when triggered (run_after is the trigger time)', () => {
    expect(runs('3.3').find((r) => r.logical_date === '2025-03-01T09:45:00Z')?.start_date).toBe('2025-03-01T09:00:00Z');
  });
});
