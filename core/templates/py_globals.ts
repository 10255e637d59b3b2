// The globals a template can call: Jinja's sandboxed range() (jinja2.sandbox.safe_range: Python's
// argument checks, then OverflowError past MAX_RANGE items, before anything is built), cycler and
// joiner as jinja2.utils defines them. Nothing else is global.
import { MAX_RANGE } from './limits.js';
import { PyCycler, pyTypeName, tagCallable } from './py_types.js';
import { PyError, tupleOf } from './py_values.js';

type KeywordArgs = { __keywords?: true };
const isKwargs = (v: unknown): v is KeywordArgs => v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, '__keywords');

function intArg(v: unknown): number {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyError('TypeError', `'${pyTypeName(v)}' object cannot be interpreted as an integer`);
}

function safeRange(...args: unknown[]): number[] {
  if (args.length && isKwargs(args[args.length - 1])) throw new PyError('TypeError', 'range() takes no keyword arguments');
  if (args.length === 0) throw new PyError('TypeError', 'range expected at least 1 argument, got 0');
  if (args.length > 3) throw new PyError('TypeError', `range expected at most 3 arguments, got ${args.length}`);
  const [start, stop, step] = args.length === 1 ? [0, intArg(args[0]), 1] : [intArg(args[0]), intArg(args[1]), args.length === 3 ? intArg(args[2]) : 1];
  if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  const length = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  if (length > MAX_RANGE) throw new PyError('OverflowError', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  return Array.from({ length }, (_, i) => start + i * step);
}

function cycler(...items: unknown[]): PyCycler {
  if (items.length && isKwargs(items[items.length - 1])) items = items.slice(0, -1);
  if (!items.length) throw new PyError('RuntimeError', 'at least one item has to be provided');
  return new PyCycler(tupleOf(items));
}

function joiner(arg?: unknown): () => unknown {
  const sep = isKwargs(arg) ? ((arg as { sep?: unknown }).sep ?? ', ') : (arg ?? ', ');
  let used = false;
  return tagCallable(() => {
    if (!used) { used = true; return ''; }
    return sep;
  }, 'Joiner');
}

/** A fresh set of globals for the environment (null prototype: no inherited names). */
export function templateGlobals(): Record<string, unknown> {
  const g = Object.create(null) as Record<string, unknown>;
  g.range = tagCallable(safeRange, 'function');
  g.cycler = tagCallable(cycler, 'type');
  g.joiner = tagCallable(joiner, 'type');
  return g;
}
