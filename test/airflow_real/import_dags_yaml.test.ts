// import-dags' TypeScript half, without Python: an import answer becomes YAML whose notes are comments at
// their keys, whose defaults are left out, and which always validates (what the parser refuses is
// dropped with a note: a key of a task, else the whole DAG, and the events naming it).
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../core/index.js';
import { formatImportError, importedScenarioYaml, type ImportAnswer } from '../../cli/airflow/import_dags_scenario.js';

function answer(dags: Array<Record<string, unknown>>, events: unknown[] = []): ImportAnswer {
  return {
    airflow_version: '3.3.2', folder: '/dags', timetables: {}, skipped_dags: [],
    import_errors: [{ file: 'broken.py', line: 3, message: "ModuleNotFoundError: No module named 'nope'", traceback: '' }],
    summary: { dags: dags.length, tasks: 0, import_errors: 1, skipped_dags: 0 },
    notes: [
      { path: ['dags', 0, 'tasks', 0, 'duration'], text: 'default: how long a BashOperator runs is not in the DAG file' },
      { path: ['clock'], text: 'default: one day' },
    ],
    scenario: { windtunnel: 1, name: 'imported', airflow: '3.3', clock: { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' }, dags, events },
  };
}

const task = (over: Record<string, unknown> = {}) => ({
  task_id: 'run', operator: 'python', duration: 'PT1M', outcome: 'success', trigger_rule: 'all_success', retries: 0,
  retry_delay: 'PT5M', pool: 'default_pool', pool_slots: 1, priority_weight: 1, weight_rule: 'downstream', ...over,
});

describe('import-dags YAML', () => {
  test('notes become comments at their keys; scenario defaults are left out; the file validates', () => {
    const out = importedScenarioYaml(answer([{ dag_id: 'etl', schedule: { cron_trigger: '0 3 * * *' }, start_date: '2025-01-01T00:00:00Z', timezone: 'UTC', catchup: false, max_active_runs: 16, tasks: [task({ retries: 2 })] }]), 'out.yaml');
    expect(out.repairs).toEqual([]);
    expect(out.yaml).toMatch(/# default: how long a BashOperator runs is not in the DAG file\n\s+duration: PT1M/);
    expect(out.yaml).toMatch(/# default: one day\nclock:/);
    expect(out.yaml).toContain('retries: 2');
    expect(out.yaml).not.toMatch(/retry_delay|max_active_runs|timezone|pool:/);
    const parsed = parseScenario(out.yaml, 'out.yaml');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.scenario.dags[0].tasks[0].retries).toBe(2);
  });

  test('a task key the format refuses is dropped with a note; a DAG it refuses is left out with its default triggers', () => {
    const out = importedScenarioYaml(answer([
      { dag_id: 'ok', schedule: null, start_date: '2025-01-01T00:00:00Z', tasks: [task({ trigger_rule: 'all_done_setup_success_magic' })] },
      { dag_id: 'bad', schedule: { cron_trigger: 'not a cron' }, start_date: '2025-01-01T00:00:00Z', tasks: [task()] },
    ], [{ at: '2025-01-01T00:00:00Z', trigger: { dag_id: 'ok' } }, { at: '2025-01-01T00:00:00Z', trigger: { dag_id: 'bad' } }]), 'out.yaml');
    expect(out.repairs, out.repairs.join('\n')).toHaveLength(2);
    expect(out.repairs[0]).toMatch(/dags\[0\]\.tasks\[0\]\.trigger_rule: dropped trigger_rule/);
    expect(out.repairs[1]).toMatch(/^DAG bad left out: dags\[1\]\.schedule/);
    expect(out.dags).toBe(1);
    expect(out.yaml).not.toContain('dag_id: bad');
    expect(out.yaml, out.yaml).toMatch(/# dropped trigger_rule: .*\n\s+- task_id: run/);
    expect(parseScenario(out.yaml, 'out.yaml').ok).toBe(true);
  });

  test('import errors print as Airflow records them: file:line: message', () => {
    expect(formatImportError({ file: 'broken.py', line: 3, message: 'SyntaxError: invalid syntax', traceback: '' })).toBe('broken.py:3: SyntaxError: invalid syntax');
    expect(formatImportError({ file: 'x.py', line: null, message: 'boom', traceback: '' })).toBe('x.py: boom');
  });
});
