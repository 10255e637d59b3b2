// The task keys of branching, short-circuits and setup/teardown (model/task_flow.ts): read at
// their own nodes once the task is built, then the checks that need the whole DAG (the task_ids a
// branch names, Airflow's validate_setup_teardown).
import type { TaskSpec } from '../model/scenario.js';
import type { SkipRule } from '../model/task_flow.js';
import type { Fields, Reader, Val } from './reader.js';

const TEARDOWN_RULE = 'all_done_setup_success';

/** Adds skip_rule / role / on_failure_fail_dagrun to `task`; false when a key is wrong (reported). */
export function readTaskFlow(r: Reader, f: Fields, task: TaskSpec, template: (at: Val, text: string) => void): boolean {
  const before = r.errors.length;
  const op = task.operator;
  const only = (key: string, what: string) => {
    const k = f.keyOf(key);
    if (k) r.error(k, `'${key}' is only for ${what} (this task's operator is ${op})`);
  };
  if (op === 'branch') {
    const v = r.required(f, 'branch', 'operator branch names the task_ids to follow: branch: "{{ ... }}" or {choose: [...]}');
    const rule = v && readBranch(r, v, template);
    if (rule) task.skip_rule = rule;
  } else only('branch', 'operator: branch');
  if (op === 'short_circuit') {
    const v = r.required(f, 'condition', 'operator short_circuit needs condition: "{{ ... }}"');
    const condition = v && r.str(v, 'a template string');
    if (v && condition !== undefined) template(v, condition);
    const iv = f.get('ignore_downstream_trigger_rules');
    const ignore = iv ? r.bool(iv) : true;
    if (condition !== undefined && ignore !== undefined) task.skip_rule = { kind: 'short_circuit', condition, ignore_downstream_trigger_rules: ignore };
  } else {
    only('condition', 'operator: short_circuit');
    only('ignore_downstream_trigger_rules', 'operator: short_circuit');
  }
  if ((op === 'branch' || op === 'short_circuit') && f.keyOf('returns')) {
    r.error(f.keyOf('returns')!, `a ${op} task returns its decision (pushed as return_value): 'returns' does not apply`);
  }
  const setup = f.get('setup') ? r.bool(f.get('setup')!) : false;
  const teardown = f.get('teardown') ? r.bool(f.get('teardown')!) : false;
  if (setup && teardown) {
    r.error(f.keyOf('teardown')!, `Cannot mark task '${task.task_id}' as teardown; task is already a setup.`);
  } else if (setup) task.role = 'setup';
  else if (teardown) {
    task.role = 'teardown';
    // as_teardown() sets the rule; naming another one would be silently overwritten in Airflow.
    const tr = f.get('trigger_rule');
    if (tr && task.trigger_rule !== TEARDOWN_RULE) r.error(tr, `a teardown's trigger rule is ${TEARDOWN_RULE} (as_teardown sets it), not ${task.trigger_rule}`);
    task.trigger_rule = TEARDOWN_RULE;
  }
  const fv = f.get('on_failure_fail_dagrun');
  if (fv) {
    const b = r.bool(fv);
    if (!teardown) only('on_failure_fail_dagrun', 'teardown: true');
    else if (b !== undefined) task.on_failure_fail_dagrun = b;
  }
  if (task.expand && (task.skip_rule || task.role)) {
    r.error(f.keyOf(task.expand.kind)!, `a mapped ${task.role ?? op} task is not modelled`);
  }
  return r.errors.length === before;
}

function readBranch(r: Reader, v: Val, template: (at: Val, text: string) => void): SkipRule | undefined {
  const node = v.node as { value?: unknown };
  if (typeof node.value === 'string') {
    template(v, node.value);
    return { kind: 'branch', follow: node.value };
  }
  const f = r.fields(v, ['choose'], 'a template string or {choose: [task_id or list of task_ids, ...]}');
  const cv = f && r.required(f, 'choose', 'the branches a run picks from');
  const items = cv && r.list(cv, 'a list of branches (a task_id, or a list of task_ids)');
  if (!items) return undefined;
  if (items.length === 0) { r.error(cv!, 'choose needs at least one branch'); return undefined; }
  const choices: string[][] = [];
  for (const it of items) {
    const n = it.node as { value?: unknown };
    if (typeof n.value === 'string') { choices.push([n.value]); continue; }
    const list = r.strList(it, 'a task_id or a list of task_ids');
    if (!list) return undefined;
    choices.push(list.map((x) => x.value));
  }
  return { kind: 'branch_choice', choices };
}

/** The DAG-wide checks: branch targets exist; a setup's work tasks keep all_success (Airflow's validate_setup_teardown). */
export function checkTaskFlow(r: Reader, tasks: TaskSpec[], fieldsOf: (task_id: string) => Fields | undefined): boolean {
  const before = r.errors.length;
  const ids = new Set(tasks.map((t) => t.task_id));
  for (const t of tasks) {
    const f = fieldsOf(t.task_id);
    const at = f?.get('branch') ?? f?.self;
    const rule = t.skip_rule;
    if (!at || !rule || rule.kind === 'short_circuit') continue;
    // A template's names are known only when it renders; plain text is checked now.
    const named = rule.kind === 'branch_choice' ? rule.choices.flat() : rule.follow.includes('{') ? [] : splitBranch(rule.follow);
    const bad = named.filter((id) => !ids.has(id));
    if (bad.length > 0) r.error(at, `'branch_task_ids' must contain only valid task_ids. Invalid tasks found: ${bad.join(', ')} (tasks: ${[...ids].join(', ')})`);
  }
  const setups = new Set(tasks.filter((t) => t.role === 'setup').map((t) => t.task_id));
  for (const t of tasks) {
    if (setups.size === 0) break;
    if (t.role === 'teardown' || t.trigger_rule === 'all_success') continue;
    const setup = t.upstream.find((u) => setups.has(u));
    if (setup) r.error(fieldsOf(t.task_id)?.get('trigger_rule') ?? fieldsOf(t.task_id)!.self, `Setup tasks must be followed with trigger rule ALL_SUCCESS (${t.task_id} follows setup ${setup} with ${t.trigger_rule})`);
  }
  return r.errors.length === before;
}

/** The task_ids a rendered branch names: comma-separated, blanks dropped ("" follows none). */
export function splitBranch(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
