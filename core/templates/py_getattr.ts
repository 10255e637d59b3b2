// Attribute, item and slice lookups as Airflow's SandboxedEnvironment does them (jinja2/sandbox.py
// getattr/getitem, with Airflow's is_safe_attribute): `x.name` tries the Python attribute, then the
// item; `x[key]` the item, then the attribute. An attribute that exists and starts with '__' is
// refused with SecurityError; one that does not exist is StrictUndefined's "has no attribute".
// Both are undefined values that raise when used, as in Jinja (`x.__class__ is defined` is false).
// What exists is py_methods.ts' allow-list and a dict's own data: never a JavaScript property.
import { PY_DUNDERS } from './py_dunders.js';
import { dictItem, pyAttribute } from './py_methods.js';
import { asStr, isDict, objectTypeRepr, pyTypeName, tagCallable } from './py_types.js';
import { PyError, PyTuple, PyUndefined, tupleOf } from './py_values.js';
import { pyRepr, pyStr } from './pyrepr.js';

function unsafe(obj: unknown, name: string): PyUndefined {
  return new PyUndefined(`access to attribute ${pyRepr(name)} of ${pyRepr(pyTypeName(obj))} object is unsafe.`, 'SecurityError');
}

function missing(obj: unknown, key: unknown): PyUndefined {
  return new PyUndefined(`${pyRepr(objectTypeRepr(obj))} has no attribute ${typeof key === 'string' ? pyRepr(key) : pyStr(key)}`);
}

/** str.format as Jinja's sandbox wraps it: `{0.attr}` and `{name[key]}` look up through the sandbox. */
function sandboxedFormat(s: string) {
  return tagCallable((...args: unknown[]) => {
    const last = args[args.length - 1];
    const kwargs = isDict(last) && Object.prototype.hasOwnProperty.call(last, '__keywords') ? (args.pop() as Record<string, unknown>) : {};
    let auto = 0;
    return s.replace(/\{(\d*|[A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[[^\]]+\])*)\}/g, (_m, name: string, chain: string) => {
      let v: unknown;
      if (/^\d*$/.test(name)) {
        const i = name === '' ? auto++ : Number(name);
        if (i >= args.length) throw new PyError('IndexError', `Replacement index ${i} out of range for positional args tuple`);
        v = args[i];
      } else {
        const kw = dictItem(kwargs, name);
        if (!kw) throw new PyError('KeyError', pyRepr(name));
        v = kw.value;
      }
      for (const [, attr, key] of chain.matchAll(/\.([A-Za-z_]\w*)|\[([^\]]+)\]/g)) {
        v = attr !== undefined ? pyGetattr(v, attr) : pyGetitem(v, /^\d+$/.test(key) ? Number(key) : key);
      }
      return pyStr(v);
    });
  }, 'builtin_function_or_method');
}

/** getattr(obj, name): the Python attribute if the type has it (refused if it is a '__' one). */
function attribute(obj: unknown, name: string): { value: unknown } | undefined {
  if (name.startsWith('__')) return PY_DUNDERS[pyTypeName(obj)]?.has(name) ? { value: unsafe(obj, name) } : undefined;
  if (name === 'format' && typeof obj === 'string') return { value: sandboxedFormat(obj) };
  // is_internal_attribute: a class's mro.
  if (name === 'mro' && pyTypeName(obj) === 'type') return { value: unsafe(obj, name) };
  return pyAttribute(obj, name);
}

const isIndex = (k: unknown): k is number | boolean => (typeof k === 'number' && Number.isInteger(k)) || typeof k === 'boolean';

/** obj[key] for the types that have items: a dict's own data, a sequence's index (negative ok). */
function item(obj: unknown, key: unknown): { value: unknown } | undefined {
  if (isDict(obj)) return typeof key === 'string' || typeof key === 'number' ? dictItem(obj, String(key)) : undefined;
  if ((typeof obj === 'string' || Array.isArray(obj)) && isIndex(key)) {
    const i = Number(key) < 0 ? obj.length + Number(key) : Number(key);
    if (i >= 0 && i < obj.length) return { value: obj[i] };
  }
  return undefined;
}

/** `obj.name` */
export function pyGetattr(obj: unknown, name: string): unknown {
  if (obj instanceof PyUndefined) obj.fail();
  const self = asStr(obj) ?? obj;
  const a = attribute(self, name);
  if (a) return a.value;
  const i = item(self, name);
  return i ? i.value : missing(self, name);
}

/** `obj[key]` */
export function pyGetitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof PyUndefined) obj.fail();
  if (key instanceof PyUndefined) key.fail();
  const self = asStr(obj) ?? obj;
  const k = asStr(key) ?? key;
  const i = item(self, k);
  if (i) return i.value;
  const a = typeof k === 'string' ? attribute(self, k) : undefined;
  return a ? a.value : missing(self, k);
}

function sliceIndex(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (isIndex(v)) return Number(v);
  throw new PyError('TypeError', 'slice indices must be integers or None or have an __index__ method');
}

/** `obj[start:stop:step]` on a str, list or tuple, as Python's slice.indices() bounds it. */
export function pySlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof PyUndefined) obj.fail();
  const self = asStr(obj) ?? obj;
  if (isDict(self)) throw new PyError('TypeError', "unhashable type: 'slice'");
  if (typeof self !== 'string' && !Array.isArray(self)) {
    const repr = (v: unknown) => (v === null || v === undefined ? 'None' : pyRepr(v));
    return new PyUndefined(`${pyRepr(objectTypeRepr(self))} has no attribute slice(${repr(start)}, ${repr(stop)}, ${repr(step)})`);
  }
  const seq: unknown[] = typeof self === 'string' ? [...self] : self;
  const n = seq.length;
  const by = sliceIndex(step) ?? 1;
  if (by === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const bound = (v: unknown, dflt: number): number => {
    let i = sliceIndex(v);
    if (i === null) return dflt;
    if (i < 0) i += n;
    if (i < 0) return by < 0 ? -1 : 0;
    if (i >= n) return by < 0 ? n - 1 : n;
    return i;
  };
  const from = bound(start, by < 0 ? n - 1 : 0);
  const to = bound(stop, by < 0 ? -1 : n);
  const out: unknown[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(seq[i]);
  if (typeof self === 'string') return out.join('');
  return self instanceof PyTuple ? tupleOf(out) : out;
}

/** Jinja's make_attrgetter: "a.b.0" through getitem, as the attribute filters look things up. */
export function attrGetter(attribute: unknown): (x: unknown) => unknown {
  const parts = String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (x) => parts.reduce((o, p) => pyGetitem(o, p), x);
}
