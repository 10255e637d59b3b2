// The template sandbox at run time: every door nunjucks' compiled code uses to reach a value goes
// through Python's rules here. Names resolve to the render context's own data, the template's own
// variables and the three globals; attributes and items through py_getattr.ts; calls only to
// template-reachable functions, one level deeper each; filters and tests by their own names only.
// Every door counts a step (limits.ts), and what a door returns is held to the size caps.
import nunjucks from 'nunjucks';
import { checkListLength, checkSize, checkStringLength, deeper, sizeSteps, tick } from './limits.js';
import { attrGetter, pyGetattr, pyGetitem, pySlice } from './py_getattr.js';
import { templateGlobals } from './py_globals.js';
import { dictItem, dictSet } from './py_methods.js';
import { asStr, isDict, PyLoop, pyTypeName, tagCallable } from './py_types.js';
import { num, pyBool, PyError, PyFloat, PyUndefined } from './py_values.js';
import { pyRepr, pyStr } from './pyrepr.js';
import { STRING_METHODS } from './py_str_methods.js';

type Fn = (...args: unknown[]) => unknown;
interface FrameLike { variables: Record<string, unknown>; lookup(name: string): unknown; set(name: string, val: unknown, resolveUp?: boolean): void }
interface ContextLike { ctx: Record<string, unknown>; env: { getTest(name: string): Fn } }
interface EnvLike { globals: Record<string, unknown>; filters: Record<string, Fn>; tests: Record<string, Fn>; getFilter(name: string): Fn; getTest(name: string): Fn }

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const PY_CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null };

/** Functions a template got hold of are its own (macros, methods, the context's); a native one
 * (Function, eval, a bound builtin) can only mean a hole elsewhere, so calling it is refused. */
const vetted = new WeakSet<object>();
function vet(fn: Fn, name: string): void {
  if (vetted.has(fn)) return;
  if (/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn))) throw new PyError('SecurityError', `${name} is not safely callable`);
  vetted.add(fn);
}

function lookupName(context: ContextLike, frame: FrameLike, name: string): unknown {
  tick();
  const v = frame.lookup(name);
  if (v !== undefined) return v;
  const fromContext = dictItem(context.ctx, name);
  if (fromContext) return fromContext.value;
  const env = (context as unknown as { env: EnvLike }).env;
  if (own(env.globals, name)) return env.globals[name];
  return own(PY_CONSTANTS, name) ? PY_CONSTANTS[name] : undefined;
}

function call(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  tick();
  if (fn instanceof PyUndefined) fn.fail();
  if (typeof fn !== 'function') throw new PyError('TypeError', `'${pyTypeName(fn)}' object is not callable`);
  vet(fn as Fn, name);
  tick(args.reduce((n: number, a) => n + sizeSteps(a), 0));
  const out = deeper(() => checkSize((fn as Fn).apply(context, args)));
  tick(sizeSteps(out));
  return out;
}

/** `key in container`, Python's way: a dict's own keys, a list's items, a substring. */
function contains(key: unknown, container: unknown): boolean {
  if (key instanceof PyUndefined) key.fail();
  if (container instanceof PyUndefined) container.fail();
  const s = asStr(container);
  if (s !== undefined) {
    const k = asStr(key);
    if (k === undefined) throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(key)}`);
    return s.includes(k);
  }
  const value = (x: unknown) => (x instanceof PyFloat ? x.value : x);
  if (Array.isArray(container)) return container.some((x) => value(x) === value(key));
  if (isDict(container)) return (typeof key === 'string' || typeof key === 'number') && dictItem(container, String(key)) !== undefined;
  throw new PyError('TypeError', `argument of type '${pyTypeName(container)}' is not iterable`);
}

function concat(a: unknown, b: unknown): string {
  const x = pyStr(a);
  const y = pyStr(b);
  checkStringLength(x.length + y.length);
  tick(1 + sizeSteps(x) + sizeSteps(y));
  return x + y;
}

/** A dict literal: own data properties, so {"__proto__": 1} is a key as in Python. */
function dict(pairs: Array<[unknown, unknown]>): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const [k, v] of pairs) dictSet(d, String(k), v);
  return d;
}

/** Arguments that decide how big a filter's result is, refused before the filter builds it. */
const FILTER_SIZES: Record<string, (...a: unknown[]) => void> = {
  center: (s, width = 80) => checkStringLength(num(width)),
  indent: (s, width = 4) => checkStringLength(String(s).length + (String(s).split('\n').length) * num(width)),
  batch: (items, count) => checkListLength(num(count)),
  slice: (items, count) => checkListLength(num(count)),
  replace: (s, old, repl, count) => {
    const [str, from, to] = [String(s), String(old), String(repl)];
    let hits = from === '' ? str.length + 1 : str.split(from).length - 1;
    if (count !== undefined && count !== null && num(count) >= 0) hits = Math.min(hits, num(count));
    checkStringLength(str.length + hits * (to.length - from.length));
  },
};

/** Text between `open` and `close` marks removed, left to right, in one pass (nunjucks' regex for
 * striptags and trim backtracked quadratically: 200k characters took 95 s). */
function cut(text: string, open: string, close: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf(open, pos);
    const end = start < 0 ? -1 : text.indexOf(close, start); // from the start, as markupsafe looks
    if (end < 0) return out + text.slice(pos);
    out += text.slice(pos, start);
    pos = end + close.length;
  }
}

/** Jinja's striptags (markupsafe): comments, then tags, removed; whitespace runs made one space. */
function striptags(value: unknown): string {
  return cut(cut(pyStr(value), '<!--', '-->'), '<', '>').split(/\s+/).filter(Boolean).join(' ');
}

function selectAttr(expected: boolean) {
  return function (this: ContextLike, items: unknown, attribute: unknown, testName?: unknown, ...args: unknown[]) {
    const get = attrGetter(attribute);
    const test = testName === undefined ? null : this.env.getTest(String(testName));
    return [...(items as unknown[])].filter((x) => (test ? test.call(this, get(x), ...args) === true : pyBool(get(x))) === expected);
  };
}

type Block = (...a: unknown[]) => unknown;
interface ContextProto { blocks: Record<string, Block[]>; addBlock(name: string, block: Block): unknown; getBlock(name: string): Block }

/** nunjucks keeps a template's blocks by name in a plain object, so `{% block constructor %}` met
 * Object's. Its Context class is not exported: a probe render hands over an instance. */
function ownBlocks(env: nunjucks.Environment): void {
  let proto: ContextProto | undefined;
  const probe = function (this: object) { proto = Object.getPrototypeOf(this) as ContextProto; return ''; };
  new nunjucks.Template('{{ probe() }}', env, undefined, true).render({ probe });
  if (!proto) return;
  proto.addBlock = function (this: ContextProto, name: string, block: Block) {
    if (!own(this.blocks, name)) dictSet(this.blocks, name, []);
    this.blocks[name].push(block);
    return this;
  };
  proto.getBlock = function (this: ContextProto, name: string) {
    if (!own(this.blocks, name)) throw new Error(`unknown block "${name}"`);
    return this.blocks[name][0];
  };
}

export function installSandbox(env: nunjucks.Environment): void {
  const n = nunjucks as unknown as { runtime: Record<string, unknown> & { Frame: { prototype: FrameLike } }; lib: Record<string, unknown> };
  const runtime = n.runtime;
  Object.assign(runtime, {
    pyGetattr: (o: unknown, k: string) => { tick(); return pyGetattr(o, k); },
    pyGetitem: (o: unknown, k: unknown) => { tick(); return pyGetitem(o, k); },
    pySlice: (o: unknown, a: unknown, b: unknown, c: unknown) => { tick(); return pySlice(o, a, b, c); },
    pyConcat: concat,
    pyDict: dict,
    contextOrFrameLookup: lookupName,
    callWrap: call,
    inOperator: contains,
  });
  // Macros and caller are jinja2.runtime.Macro to the type model (and in messages).
  const makeMacro = runtime.makeMacro as Fn;
  runtime.makeMacro = (...a: unknown[]) => tagCallable(makeMacro(...a) as Fn, 'Macro');
  // Anything else that still asks nunjucks' memberLookup gets the sandbox's item lookup.
  runtime.memberLookup = (o: unknown, k: unknown, ...slice: unknown[]) => (slice.length === 2 ? pySlice(o, k, slice[0], slice[1]) : pyGetitem(o, k));
  const suppress = runtime.suppressValue as Fn;
  runtime.suppressValue = (v: unknown, esc: unknown) => {
    const text = checkSize(suppress(v, esc));
    tick(1 + sizeSteps(text));
    return text;
  };

  // Loop iterations set the loop variables: a step each, and `loop` is a LoopContext, not a dict.
  const Frame = runtime.Frame.prototype;
  const set = Frame.set;
  Frame.set = function (this: FrameLike, name: string, val: unknown, resolveUp?: boolean) {
    tick(); // a loop iteration sets its variable and the seven loop.* fields
    if (name.startsWith('loop.') && !(this.variables.loop instanceof PyLoop)) this.variables.loop = new PyLoop();
    return set.call(this, name, val, resolveUp);
  };
  // center and indent pad with lib.repeat, one character at a time.
  n.lib.repeat = (c: unknown, times: number) => {
    const k = Math.max(0, Math.ceil(Number(times) || 0));
    checkStringLength(String(c).length * k);
    return String(c).repeat(k);
  };

  const e = env as unknown as EnvLike;
  e.globals = templateGlobals();
  e.filters.selectattr = selectAttr(true) as Fn;
  e.filters.rejectattr = selectAttr(false) as Fn;
  e.filters.striptags = striptags as Fn;
  e.filters.trim = ((v: unknown, chars?: unknown) => STRING_METHODS.strip(pyStr(v), chars)) as Fn;
  // Jinja's attr filter: getattr through the sandbox (nunjucks has none).
  e.filters.attr = ((obj: unknown, name: unknown) => pyGetattr(obj, String(name))) as Fn;
  const wrapped = new Map<string, Fn>();
  e.getFilter = function (this: EnvLike, name: string) {
    if (!own(this.filters, name)) throw new PyError('TemplateAssertionError', `No filter named ${pyRepr(name)}.`);
    const f = this.filters[name];
    let w = wrapped.get(name);
    if (!w || (w as { inner?: Fn }).inner !== f) {
      const sizes = own(FILTER_SIZES, name) ? FILTER_SIZES[name] : undefined;
      w = Object.assign(function (this: unknown, ...args: unknown[]) {
        tick(args.reduce((k: number, a) => k + sizeSteps(a), 1));
        sizes?.(...args);
        const out = deeper(() => checkSize(f.apply(this, args)));
        tick(sizeSteps(out));
        return out;
      }, { inner: f });
      wrapped.set(name, w);
    }
    return w;
  };
  e.getTest = function (this: EnvLike, name: string) {
    if (!own(this.tests, name)) throw new PyError('TemplateAssertionError', `No test named ${pyRepr(name)}.`);
    return this.tests[name];
  };
  ownBlocks(env);
}

/** A loader that has no files: {% include %}, {% import %} and {% extends %} find nothing. */
export const noTemplateFiles = {
  getSource(): null {
    return null;
  },
};
