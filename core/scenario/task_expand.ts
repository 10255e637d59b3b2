// The scenario keys `expand` and `expand_kwargs` of a task (dynamic task mapping over literal
// values, or `expand: {arg: {xcom: task}}` over an upstream's returned list). Airflow refuses a task
// that has both, and an expand with no arguments.
import { isMap } from 'yaml';
import type { TaskExpand, TaskSpec } from '../model/scenario.js';
import type { Fields, Reader, Val } from './reader.js';

/** The work keys a mapped instance receives anyway (exported as op_kwargs next to the mapped ones). */
const RESERVED = ['duration', 'outcome', 'returns', 'templates'];

export function readTaskExpand(r: Reader, f: Fields): TaskExpand | undefined {
  const ev = f.get('expand');
  const kv = f.get('expand_kwargs');
  if (ev && kv) {
    r.error(kv, "a task takes expand or expand_kwargs, not both (Airflow: 'expand_kwargs' after 'expand')");
    return undefined;
  }
  if (ev) {
    const entries = r.entries(ev, 'a mapping of argument name to a list of values, e.g. {lr: [0.1, 0.01]}');
    if (!entries) return undefined;
    if (entries.length === 0) {
      r.error(ev, 'expand needs at least one argument, e.g. {lr: [0.1, 0.01]}');
      return undefined;
    }
    const args: Record<string, unknown[]> = {};
    let ok = true;
    const overXCom = entries.find((e) => isMap(e.val.node));
    if (overXCom) return readXComExpand(r, overXCom, entries.length);
    for (const e of entries) {
      if (RESERVED.includes(e.key)) { r.error(e.keyVal, `'${e.key}' is the task's own key: expand other arguments`); ok = false; continue; }
      const items = r.list(e.val, `a list of values to map '${e.key}' over`);
      if (!items) { ok = false; continue; }
      const values = items.map((it) => r.json(it));
      if (values.some((v) => v === undefined)) { ok = false; continue; }
      Object.defineProperty(args, e.key, { value: values, enumerable: true, writable: true, configurable: true });
    }
    return ok ? { kind: 'expand', args } : undefined;
  }
  if (kv) {
    const items = r.list(kv, 'a list of argument mappings, e.g. [{lr: 0.1}, {lr: 0.01}]');
    if (!items) return undefined;
    const kwargs: Record<string, unknown>[] = [];
    for (const it of items) {
      const m = r.jsonObject(it, false);
      if (m === undefined) return undefined;
      const bad = Object.keys(m).find((k) => RESERVED.includes(k));
      if (bad) { r.error(it, `'${bad}' is the task's own key: expand other arguments`); return undefined; }
      kwargs.push(m);
    }
    return { kind: 'expand_kwargs', kwargs };
  }
  return undefined;
}

/** `expand: {lr: {xcom: make_lrs}}`: `.expand(lr=make_lrs.output)`; the task is checked once all are known. */
function readXComExpand(r: Reader, e: { key: string; keyVal: Val; val: Val }, count: number): TaskExpand | undefined {
  if (count > 1) {
    r.error(e.keyVal, 'an expansion over an XCom takes one argument here (mixing it with other expanded arguments is not modelled)');
    return undefined;
  }
  if (RESERVED.includes(e.key)) { r.error(e.keyVal, `'${e.key}' is the task's own key: expand other arguments`); return undefined; }
  // It becomes a keyword argument: .expand(lr=make_lrs.output).
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key)) { r.error(e.keyVal, `'${e.key}' is not a Python argument name`); return undefined; }
  const f = r.fields(e.val, ['xcom'], "{xcom: <task_id>}: map over that upstream task's returned list");
  if (!f) return undefined;
  const v = r.required(f, 'xcom', 'the task_id whose returned list is mapped over');
  const task_id = v ? r.str(v, 'a task_id') : undefined;
  return task_id === undefined ? undefined : { kind: 'expand_xcom', arg: e.key, task_id };
}

interface DraftLike { task_id?: string; upstream: { value: string; at: Val }[]; fields: Fields; expand?: TaskExpand }

/** `.expand(arg=t.output)` makes `t` an upstream (Airflow sets the dependency from the XComArg). */
export function linkXComExpands(r: Reader, drafts: DraftLike[], ids: ReadonlyMap<string, number>): boolean {
  let ok = true;
  for (const d of drafts) {
    if (d.expand?.kind !== 'expand_xcom') continue;
    const at = d.fields.get('expand')!;
    const src = d.expand.task_id;
    if (!ids.has(src)) { r.error(at, `unknown task '${src}' in expand's xcom (tasks: ${[...ids.keys()].join(', ')})`); ok = false; continue; }
    if (src === d.task_id) { r.error(at, 'a task cannot expand over its own XCom'); ok = false; continue; }
    if (!d.upstream.some((u) => u.value === src)) d.upstream.push({ value: src, at });
  }
  return ok;
}

/** The task an expansion maps over must return a list (real Airflow fails it otherwise). */
export function checkXComSources(r: Reader, tasks: readonly TaskSpec[], drafts: DraftLike[]): boolean {
  let ok = true;
  for (const d of drafts) {
    if (d.expand?.kind !== 'expand_xcom') continue;
    const src = tasks.find((t) => t.task_id === (d.expand as { task_id: string }).task_id);
    if (!src) continue;
    const at = d.fields.get('expand')!;
    const self = tasks.find((t) => t.task_id === d.task_id);
    if (self?.trigger_rule === 'always') {
      // Airflow refuses it when the DAG file is parsed.
      r.error(at, "Task-generated mapping within a task using 'expand' is not allowed with trigger rule 'always'");
      ok = false;
    } else if (src.expand) {
      r.error(at, `'${src.task_id}' is mapped: expanding over a mapped task's XCom is not modelled`);
      ok = false;
    } else if (src.operator !== 'python' || !src.returns_list) {
      r.error(at, `'${src.task_id}' must return a list to map over: give it returns: [..] (real Airflow fails it with UnmappableXComTypePushed, or XComForMappingNotPushed when it returns nothing)`);
      ok = false;
    }
  }
  return ok;
}
