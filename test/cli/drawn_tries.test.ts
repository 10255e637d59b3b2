import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { drawnTries } from '../../cli/airflow/drawn_tries.js';
import { oracleInputFiles } from '../../cli/airflow/oracle_input.js';
import { getLesson, parseScenario, simulate } from '../../core/index.js';

describe('drawnTries: the durations Windtunnel draws per try go into the oracle input', () => {
  it('records every range-duration try with the duration the run output shows', async () => {
    const sql = await initSqlJs();
    const text = getLesson('hyperparameter-tuning-3x')!.text;
    const parsed = parseScenario(text, 'h.yaml');
    if (!parsed.ok) throw new Error('lesson does not parse');
    const tries = drawnTries(parsed.scenario, sql);
    const run = simulate(parsed.scenario, { sql });
    const fromOutput = run.output.task_instances.map((t) => ({
      run_id: t.run_id, duration: (Date.parse(t.end_date!) - Date.parse(t.start_date!)) / 1000 }));
    expect(tries.map((t) => ({ run_id: t.run_id, duration: t.duration }))).toEqual(fromOutput);
    expect(tries.every((t) => t.dag_id === 'train_model' && t.task_id === 'train' && t.try_number === 1)).toBe(true);
    // Six runs (the two unnamed requests at 09:00 are stamped apart), six draws.
    expect(new Set(tries.map((t) => t.duration)).size).toBe(6);
    run.close();

    const input = oracleInputFiles(text, 'h.yaml', undefined, sql);
    if (!input.ok) throw new Error(input.message);
    const json = JSON.parse(input.files.find((f) => f.path === 'scenario.json')!.text);
    expect(json.tries).toEqual(tries);
  });

  it('records nothing when every duration is fixed', async () => {
    const sql = await initSqlJs();
    const parsed = parseScenario(getLesson('xcom-prior-run')!.text, 'x.yaml');
    if (!parsed.ok) throw new Error('lesson does not parse');
    expect(drawnTries(parsed.scenario, sql)).toEqual([]);
  });
});
