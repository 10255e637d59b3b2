// Which Python type a template value stands for, as Jinja's sandbox and StrictUndefined name it in
// their messages: type(obj).__name__ ("access to attribute '__class__' of 'str' object is unsafe.")
// and object_type_repr ("'jinja2.utils.Joiner object' has no attribute 'x'"). JavaScript functions
// are tagged with the Python callable they model; an untagged function is a plain Python function.
import { PyDateTime } from './py_datetime.js';
import { isFloat, PyTuple, PyUndefined } from './py_values.js';

/** Python callables a template can hold, by type(obj).__name__. */
export type CallableKind = 'function' | 'builtin_function_or_method' | 'method' | 'type' | 'Joiner' | 'Macro';

const callableKinds = new WeakMap<object, CallableKind>();

/** Marks fn as the Python callable kind it models (returns fn). */
export function tagCallable<F extends object>(fn: F, kind: CallableKind): F {
  callableKinds.set(fn, kind);
  return fn;
}

/** jinja2.utils.Cycler: next() gives the current item and moves on. */
export class PyCycler {
  pos = 0;
  constructor(readonly items: PyTuple) {}
  get current(): unknown { return this.items[this.pos]; }
  next(): unknown {
    const rv = this.current;
    this.pos = (this.pos + 1) % this.items.length;
    return rv;
  }
  reset(): null { this.pos = 0; return null; }
}

/** jinja2.runtime.LoopContext, as far as nunjucks fills it (index, first, length, ...). */
export class PyLoop {
  [field: string]: unknown;
}

/** A plain mapping: Python's dict (scenario data, dict literals, Airflow's context objects). */
export function isDict(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A string, or nunjucks' SafeString (macro output) as the str it stands for. */
export function asStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof String) return v.valueOf();
  return undefined;
}

/** type(obj).__name__ of a template value. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (isFloat(v)) return 'float';
  if (typeof v === 'number') return 'int';
  if (asStr(v) !== undefined) return 'str';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return callableKinds.get(v) ?? 'function';
  if (v instanceof PyDateTime) return 'DateTime';
  if (v instanceof PyCycler) return 'Cycler';
  if (v instanceof PyLoop) return 'LoopContext';
  if (v instanceof PyUndefined) return 'StrictUndefined';
  if (isDict(v)) return 'dict';
  return 'object';
}

const MODULES: Record<string, string> = {
  DateTime: 'pendulum.datetime', Cycler: 'jinja2.utils', Joiner: 'jinja2.utils', LoopContext: 'jinja2.runtime', Macro: 'jinja2.runtime', StrictUndefined: 'jinja2.runtime',
};

/** jinja2.utils.object_type_repr: "str object", "jinja2.utils.Joiner object", "None". */
export function objectTypeRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  const name = pyTypeName(v);
  return MODULES[name] ? `${MODULES[name]}.${name} object` : `${name} object`;
}
