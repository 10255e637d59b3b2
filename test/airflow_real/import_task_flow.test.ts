// import-dags on a hand-written DAG with @task.branch, a ShortCircuitOperator and as_teardown, read
// by real Airflow 3.3.2 (import_dags/task_flow.py): the branch becomes a seeded choice among its
// direct downstream tasks (its callable is code), the short-circuit keeps ignore_downstream_trigger_rules
// (not a serialized field: read from the DAG file's operator), setup/teardown roles come back, and
// the scenario validates.
import { describe, expect, test } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../core/index.js';
import { readDagFolders } from '../../cli/airflow/import_dags_python.js';
import { importedScenarioYaml } from '../../cli/airflow/import_dags_scenario.js';
import { oracleAvailable } from '../../cli/airflow/oracle_process.js';

const available = oracleAvailable('3.3');
describe('import-dags: branching and setup/teardown written by hand', () => {
  if (!available.ok) { test('the oracle is set up', () => { throw new Error(available.message); }); return; }
  test('Airflow 3.3.2 reads them into scenario keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-import-flow-'));
    try {
      copyFileSync(new URL('./fixtures/user_task_flow_dag.py', import.meta.url), join(dir, 'user_flow.py'));
      const [answer] = await readDagFolders([dir], { profile: '3.3', name: 'flow', timeoutMs: 300_000 });
      const { yaml } = importedScenarioYaml(answer, 'flow.yaml');
      const parsed = parseScenario(yaml, 'flow.yaml');
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
      const tasks = Object.fromEntries(parsed.scenario.dags[0].tasks.map((t) => [t.task_id, t]));
      expect(tasks.pick).toMatchObject({ operator: 'branch', skip_rule: { kind: 'branch_choice', choices: [['a'], ['b']] } });
      expect(tasks.gate).toMatchObject({ operator: 'short_circuit', skip_rule: { kind: 'short_circuit', condition: 'True', ignore_downstream_trigger_rules: false } });
      expect(tasks.create.role).toBe('setup');
      expect(tasks.delete).toMatchObject({ role: 'teardown', on_failure_fail_dagrun: true, trigger_rule: 'all_done_setup_success' });
      expect(yaml).toContain("the branch callable 'pick' decides at run time");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 360_000);
});
