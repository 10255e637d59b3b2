// The metadata DB's constraints do the real work: SQLite refuses a duplicate logical date,
// accepts any number of NULL logical dates, and Airflow 2's execution_date is NOT NULL.
import { describe, expect, it } from 'vitest';
import { runYaml } from './run_yaml.js';

const base = (profile: string, events: string) => `
windtunnel: 1
name: constraints
airflow: "${profile}"
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: d
    schedule: null
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT1M}]
events:
${events}`;

describe('dag_run constraints in sql.js', () => {
  it('refuses a second run with the same non-null logical_date (UNIQUE dag_id, logical_date)', async () => {
    const sim = await runYaml(base('3.1', `
  - at: 2025-01-01T01:00:00Z
    trigger: {dag_id: d, logical_date: 2025-01-01T00:00:00Z, run_id: first}
  - at: 2025-01-01T01:00:00Z
    trigger: {dag_id: d, logical_date: 2025-01-01T00:00:00Z, run_id: second}`));
    const [a, b] = sim.output.event_results;
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(false);
    expect(b.error).toContain('UNIQUE constraint failed: dag_run.dag_id, dag_run.logical_date');
    // Direct SQL hits the same constraint.
    const r = sim.query(`INSERT INTO dag_run (dag_id, run_id, logical_date, run_after, run_type) VALUES ('d', 'x', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'manual')`);
    expect(r).toEqual({ error: 'UNIQUE constraint failed: dag_run.dag_id, dag_run.logical_date' });
    sim.close();
  });

  it('lets any number of runs have a NULL logical_date', async () => {
    const sim = await runYaml(base('3.1', [1, 2, 3].map((i) => `
  - at: 2025-01-01T01:00:00Z
    trigger: {dag_id: d, run_id: adhoc_${i}}`).join('')));
    expect(sim.output.event_results.every((e) => e.ok)).toBe(true);
    const q = sim.query('SELECT COUNT(*) FROM dag_run WHERE logical_date IS NULL');
    expect(q).toEqual({ columns: ['COUNT(*)'], rows: [[3]] });
    sim.close();
  });

  it('refuses a duplicate run_id (UNIQUE dag_id, run_id)', async () => {
    const sim = await runYaml(base('3.1', ''));
    expect(sim.query(`INSERT INTO dag_run (dag_id, run_id, run_after, run_type) VALUES ('d', 'x', '2025-01-01T00:00:00.000Z', 'manual')`)).toEqual({ columns: [], rows: [] });
    expect(sim.query(`INSERT INTO dag_run (dag_id, run_id, run_after, run_type) VALUES ('d', 'x', '2025-01-01T00:00:00.000Z', 'manual')`)).toEqual({ error: 'UNIQUE constraint failed: dag_run.dag_id, dag_run.run_id' });
    sim.close();
  });

  it('requires run_after and a matched pair of data interval bounds', async () => {
    const sim = await runYaml(base('3.1', ''));
    expect(sim.query(`INSERT INTO dag_run (dag_id, run_id, run_type) VALUES ('d', 'y', 'manual')`)).toEqual({ error: 'NOT NULL constraint failed: dag_run.run_after' });
    expect('error' in sim.query(`INSERT INTO dag_run (dag_id, run_id, run_after, run_type, data_interval_start) VALUES ('d', 'z', '2025-01-01', 'manual', '2025-01-01')`)).toBe(true);
    sim.close();
  });

  it('in profile "2" the column is execution_date, NOT NULL and unique', async () => {
    const sim = await runYaml(base('2', ''));
    expect(sim.query(`INSERT INTO dag_run (dag_id, run_id, run_after, run_type) VALUES ('d', 'y', '2025-01-01', 'manual')`)).toEqual({ error: 'NOT NULL constraint failed: dag_run.execution_date' });
    sim.close();
  });
});
