// Importing a 3.2/3.3 server's answers: the history keeps its profile (from GET /version) and the
// 3.3 run type operator_triggered, and its SQL tables accept that run type.
import { describe, expect, it } from 'vitest';
import { getLesson, parseScenario, simulate } from '../../core/index.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { importHistory, type ApiDocument } from '../../core/import/airflow_api.js';
import { historyDatabase } from '../../core/import/history_db.js';
import { sqlJs } from '../engine/run_yaml.js';

async function savedAnswers(text: string): Promise<ApiDocument[]> {
  const parsed = parseScenario(text, 'lesson.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  let sim: Simulation | null = null;
  const result = simulate(parsed.scenario, { sql: await sqlJs(), afterStep: (s) => { sim = s; } });
  const s = sim as unknown as Simulation;
  const get = (path: string) => handleApiRequest(s, 'GET', path, undefined).body;
  const docs: ApiDocument[] = [
    { name: 'version.json', json: get('/api/v2/version') },
    { name: 'dags.json', json: get('/api/v2/dags') },
    { name: 'runs.json', json: get('/api/v2/dags/~/dagRuns?limit=100') },
  ];
  for (const run of result.output.dag_runs) {
    docs.push({ name: `tis-${run.run_id}.json`, json: get(`/api/v2/dags/${run.dag_id}/dagRuns/${encodeURIComponent(run.run_id)}/taskInstances`) });
  }
  result.close();
  return docs;
}

describe('import of a 3.3 server', () => {
  it('keeps airflow 3.3 and operator_triggered runs; the history DB stores them', async () => {
    const docs = await savedAnswers(getLesson('operator-runs-count-as-previous')!.text);
    const h = importHistory(docs, { name: 'op' });
    expect(h.problems).toEqual([]);
    expect(h.airflow_version).toBe('3.3.2');
    expect(h.output.airflow).toBe('3.3');
    expect(h.output.dag_runs.filter((r) => r.run_type === 'operator_triggered').map((r) => r.run_id)).toEqual(['manual__2025-06-01T12:00:00+00:00']);
    const db = historyDatabase(h.output, await sqlJs());
    expect(db.refused).toEqual([]);
    expect(db.query("SELECT run_id FROM dag_run WHERE run_type = 'operator_triggered'")).toEqual({ columns: ['run_id'], rows: [['manual__2025-06-01T12:00:00+00:00']] });
    db.close();
  });
  it('a 3.2 server is profile 3.2', async () => {
    const docs = await savedAnswers(getLesson('operator-runs-count-as-previous')!.text.replace('airflow: "3.3"', 'airflow: "3.2"'));
    expect(importHistory(docs).output.airflow).toBe('3.2');
  });
});
