// Branch, short-circuit and setup/teardown tasks in an exported DAG file: the real operators
// (BranchPythonOperator, ShortCircuitOperator, .as_setup(), .as_teardown(...)) with callables that
// do the simulated work and then return the scenario's decision, so Airflow's own SkipMixin acts.
import type { DagSpec, TaskSpec } from '../../model/scenario.js';
import { INDENT, pyBool } from './python.js';

/** The callables, after WORK_FUNCTION in a DAG file that has branch or short-circuit tasks. */
export const FLOW_FUNCTIONS = `def windtunnel_branch(duration, outcome="success", branch="", choose=None, templates=None, **context):
    """BranchPythonOperator's callable: work as windtunnel_work does, then name the task_ids to follow.

    branch: the rendered \`branch\` template, task_ids separated by commas ("" follows none).
    choose: the scenario's \`branch: {choose: [...]}\`; the run's entry is picked by the FNV-1a hash
    of "seed:dag_id:run_id:task_id", as the simulator picks it.
    """
    windtunnel_work(duration, outcome, None, templates, **context)
    if choose is not None:
        ti = context["ti"]
        h = 0x811C9DC5
        for byte in f"{SCENARIO_SEED}:{ti.dag_id}:{ti.run_id}:{ti.task_id}".encode():
            h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
        return choose[h % len(choose)]
    return [name.strip() for name in str(branch).split(",") if name.strip()]


def windtunnel_condition(duration, outcome="success", condition="True", templates=None, **context):
    """ShortCircuitOperator's callable: work, then whether the rendered condition is true."""
    windtunnel_work(duration, outcome, None, templates, **context)
    return str(condition) not in FALSE_TEXTS
`;

const CLASSES: Partial<Record<TaskSpec['operator'], { cls: string; callable: string }>> = {
  branch: { cls: 'BranchPythonOperator', callable: 'windtunnel_branch' },
  short_circuit: { cls: 'ShortCircuitOperator', callable: 'windtunnel_condition' },
};

/** The operator class and callable of a branch/short-circuit task; null for other operators. */
export function flowOperator(t: TaskSpec): { cls: string; callable: string } | null {
  return CLASSES[t.operator] ?? null;
}

/** Whether a task runs windtunnel_work (directly or through a flow callable). */
export const doesWork = (t: TaskSpec): boolean => t.operator === 'python' || flowOperator(t) !== null;

/** The decision's op_kwargs entries, and the operator's own arguments. */
export function flowArguments(t: TaskSpec): { kwargs: [string, unknown][]; args: string[] } {
  const rule = t.skip_rule;
  if (!rule) return { kwargs: [], args: [] };
  if (rule.kind === 'branch') return { kwargs: [['branch', rule.follow]], args: [] };
  if (rule.kind === 'branch_choice') return { kwargs: [['choose', rule.choices]], args: [] };
  return {
    kwargs: [['condition', rule.condition]],
    args: rule.ignore_downstream_trigger_rules ? [] : [`ignore_downstream_trigger_rules=${pyBool(false)}`],
  };
}

/** `.as_setup()` / `.as_teardown(setups=[...])` lines, after the dependencies. */
export function roleLines(dag: DagSpec, vars: Map<string, string>): { task_id: string; line: string }[] {
  const out: { task_id: string; line: string }[] = [];
  const setups = new Set(dag.tasks.filter((t) => t.role === 'setup').map((t) => t.task_id));
  for (const t of dag.tasks) {
    const v = vars.get(t.task_id)!;
    if (t.role === 'setup') out.push({ task_id: t.task_id, line: `${INDENT}${v}.as_setup()` });
    if (t.role !== 'teardown') continue;
    const mine = t.upstream.filter((u) => setups.has(u)).map((u) => vars.get(u)!);
    const args: string[] = [];
    if (mine.length > 0) args.push(`setups=[${mine.join(', ')}]`);
    if (t.on_failure_fail_dagrun) args.push(`on_failure_fail_dagrun=${pyBool(true)}`);
    out.push({ task_id: t.task_id, line: `${INDENT}${v}.as_teardown(${args.join(', ')})` });
  }
  return out;
}

/** Where the operator classes are imported from (Airflow 2.11: core operators). */
export function flowImport(cls: string, airflow2: boolean): string {
  return `from ${airflow2 ? 'airflow.operators' : 'airflow.providers.standard.operators'}.python import ${cls}`;
}
