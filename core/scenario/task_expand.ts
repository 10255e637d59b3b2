// The scenario keys `expand` and `expand_kwargs` of a task (dynamic task mapping over literal
// values). Airflow refuses a task that has both, and an expand with no arguments.
import type { TaskExpand } from '../model/scenario.js';
import type { Fields, Reader } from './reader.js';

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
