// The Python attributes and methods a template may reach on each type: the allow-list behind the
// sandbox's attribute lookup. Anything not named here does not exist for a template (Python has no
// `constructor`, `valueOf` or `call`), so no JavaScript internals are reachable by any name. The
// mutating dict and list methods are Python's (Airflow's SandboxedEnvironment allows them) and
// write only own data properties, so a key like "__proto__" is just a key.
import { checkListLength } from './limits.js';
import { PyDateTime } from './py_datetime.js';
import { STRING_METHODS } from './py_str_methods.js';
import { PyCycler, isDict, PyLoop, tagCallable } from './py_types.js';
import { num, PyError, PyFloat, PyTuple, tupleOf } from './py_values.js';
import { pyRepr } from './pyrepr.js';

type Method = (self: never, ...args: unknown[]) => unknown;

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/** Keys Windtunnel keeps on context objects for itself (printing, nunjucks' keyword arguments). */
const INTERNAL_KEYS = new Set(['__py_str__', '__keywords']);

/** An own, enumerable data property of a dict, as Python's d[key] sees it. */
export function dictItem(d: Record<string, unknown>, key: string): { value: unknown } | undefined {
  if (INTERNAL_KEYS.has(key) || !own(d, key)) return undefined;
  const p = Object.getOwnPropertyDescriptor(d, key);
  return p && p.enumerable && 'value' in p ? { value: p.value } : undefined;
}

export function dictKeys(d: Record<string, unknown>): string[] {
  return Object.keys(d).filter((k) => !INTERNAL_KEYS.has(k));
}

/** d[key] = value as Python does it: a data property, whatever the key's name. */
export function dictSet(d: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(d, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Python equality for the values templates compare in list methods. */
function pyEq(a: unknown, b: unknown): boolean {
  const n = (x: unknown) => (x instanceof PyFloat ? x.value : x);
  return n(a) === n(b);
}

function keyError(key: unknown): PyError {
  return new PyError('KeyError', pyRepr(key));
}

/** Entries of dict(other) / update(other): a mapping, keyword arguments or (key, value) pairs. */
function entriesOf(other: unknown): Array<[string, unknown]> {
  if (other === undefined || other === null) return [];
  if (isDict(other)) return dictKeys(other).map((k) => [k, other[k]]);
  if (Array.isArray(other)) return other.map((p) => [String((p as unknown[])[0]), (p as unknown[])[1]]);
  throw new PyError('TypeError', "'update' argument is not a mapping");
}

const DICT: Record<string, Method> = {
  get: (d: Record<string, unknown>, k, def = null) => { const item = dictItem(d, String(k)); return item ? item.value : def; },
  items: (d: Record<string, unknown>) => dictKeys(d).map((k) => tupleOf([k, d[k]])),
  keys: (d: Record<string, unknown>) => dictKeys(d),
  values: (d: Record<string, unknown>) => dictKeys(d).map((k) => d[k]),
  pop: (d: Record<string, unknown>, ...a) => {
    const k = String(a[0]);
    const item = dictItem(d, k);
    if (!item) { if (a.length > 1) return a[1]; throw keyError(a[0]); }
    delete d[k];
    return item.value;
  },
  popitem: (d: Record<string, unknown>) => {
    const keys = dictKeys(d);
    if (!keys.length) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
    const k = keys[keys.length - 1];
    const v = d[k];
    delete d[k];
    return tupleOf([k, v]);
  },
  setdefault: (d: Record<string, unknown>, k, def = null) => {
    const item = dictItem(d, String(k));
    if (item) return item.value;
    dictSet(d, String(k), def);
    return def;
  },
  update: (d: Record<string, unknown>, ...a) => {
    for (const arg of a) for (const [k, v] of entriesOf(arg)) if (k !== '__keywords') dictSet(d, k, v);
    return null;
  },
  copy: (d: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const k of dictKeys(d)) dictSet(out, k, d[k]);
    return out;
  },
  clear: (d: Record<string, unknown>) => { for (const k of dictKeys(d)) delete d[k]; return null; },
};

const index = (l: unknown[], x: unknown): number => {
  const i = l.findIndex((y) => pyEq(x, y));
  if (i < 0) throw new PyError('ValueError', `${pyRepr(x)} is not in list`);
  return i;
};

const TUPLE: Record<string, Method> = {
  count: (l: unknown[], x) => l.filter((y) => pyEq(x, y)).length,
  index: (l: unknown[], x) => index(l, x),
};

const LIST: Record<string, Method> = {
  ...TUPLE,
  append: (l: unknown[], x) => { checkListLength(l.length + 1); l.push(x); return null; },
  extend: (l: unknown[], xs) => { const add = [...(xs as unknown[])]; checkListLength(l.length + add.length); l.push(...add); return null; },
  insert: (l: unknown[], i, x) => {
    checkListLength(l.length + 1);
    const at = num(i) < 0 ? Math.max(0, l.length + num(i)) : Math.min(l.length, num(i));
    l.splice(at, 0, x);
    return null;
  },
  pop: (l: unknown[], i = -1) => {
    if (!l.length) throw new PyError('IndexError', 'pop from empty list');
    const at = num(i) < 0 ? l.length + num(i) : num(i);
    if (at < 0 || at >= l.length) throw new PyError('IndexError', 'pop index out of range');
    return l.splice(at, 1)[0];
  },
  remove: (l: unknown[], x) => {
    const i = l.findIndex((y) => pyEq(x, y));
    if (i < 0) throw new PyError('ValueError', 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  reverse: (l: unknown[]) => { l.reverse(); return null; },
  copy: (l: unknown[]) => [...l],
  clear: (l: unknown[]) => { l.length = 0; return null; },
};

const DATETIME: Record<string, Method> = {
  isoformat: (d: PyDateTime) => d.isoformat(),
  strftime: (d: PyDateTime, fmt) => d.strftime(String(fmt)),
  timestamp: (d: PyDateTime) => d.timestamp(),
  weekday: (d: PyDateTime) => d.weekday(),
};
const DATETIME_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond']);

const CYCLER: Record<string, Method> = {
  next: (c: PyCycler) => c.next(),
  reset: (c: PyCycler) => c.reset(),
};

const STR = STRING_METHODS as unknown as Record<string, Method>;

const bound = (self: unknown, m: Method) => tagCallable((...a: unknown[]) => m(self as never, ...a), 'builtin_function_or_method');
const has = (table: Record<string, Method>, name: string) => own(table, name);

/** getattr(obj, name) for a name that is not a '__' one: the Python attribute, if the type has it. */
export function pyAttribute(obj: unknown, name: string): { value: unknown } | undefined {
  if (typeof obj === 'string') return has(STR, name) ? { value: bound(obj, STR[name]) } : undefined;
  if (obj instanceof PyTuple) return has(TUPLE, name) ? { value: bound(obj, TUPLE[name]) } : undefined;
  if (Array.isArray(obj)) return has(LIST, name) ? { value: bound(obj, LIST[name]) } : undefined;
  if (obj instanceof PyDateTime) {
    if (DATETIME_FIELDS.has(name)) return { value: obj[name as 'year'] };
    return has(DATETIME, name) ? { value: bound(obj, DATETIME[name]) } : undefined;
  }
  if (obj instanceof PyCycler) {
    if (name === 'current' || name === 'pos' || name === 'items') return { value: obj[name] };
    return has(CYCLER, name) ? { value: bound(obj, CYCLER[name]) } : undefined;
  }
  if (obj instanceof PyLoop) return own(obj, name) ? { value: obj[name] } : undefined;
  if (isDict(obj)) return has(DICT, name) ? { value: bound(obj, DICT[name]) } : undefined;
  return undefined;
}
