// Typed, located reads over a parsed YAML document. Every read either returns a value or records an
// issue at the offending node and returns undefined, so one pass reports every problem in a file.
// Reads never throw: aliases are counted against a budget and free-form values have a depth limit.
import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node, type Pair } from 'yaml';
import { suggest } from './suggest.js';

import { formatPath, type Seg } from './key_path.js';

export { formatPath, parsePath, type Seg } from './key_path.js';
export { suggest } from './suggest.js';

/** A problem found while reading, located by character offset into the source text. */
export interface Issue {
  offset: number;
  path: string;
  message: string;
}

/** A value in the document: its node, where to point at it, and its key path. */
export interface Val {
  node: Node;
  path: readonly Seg[];
  offset: number;
}

/** A mapping read with a fixed set of allowed keys. */
export interface Fields {
  /** The mapping itself, for "missing key" and whole-object messages. */
  self: Val;
  /** The value under `key`, or undefined when the key is absent. */
  get(key: string): Val | undefined;
  has(key: string): boolean;
  /** The key node, for messages about the key rather than its value. */
  keyOf(key: string): Val | undefined;
  /** Keys in file order. */
  keys(): string[];
}

/** Past these, a file is refused rather than explored: they only guard against hostile input. */
export const LIMITS = {
  /** Alias dereferences in one file. */
  aliases: 10_000,
  /** Nesting depth of free-form values (params, conf, payloads). */
  depth: 64,
} as const;

export function describe(node: Node | null | undefined): string {
  if (node == null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 37)}...'` : `'${v}'`;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return 'an unsupported YAML value';
  }
  return 'an unsupported YAML value';
}

export class Reader {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  private aliasesLeft: number = LIMITS.aliases;
  private aliasReported = false;

  constructor(private readonly doc: Document.Parsed | Document) {}

  error(at: { offset: number; path: readonly Seg[] }, message: string): void {
    this.errors.push({ offset: at.offset, path: formatPath(at.path), message });
  }

  warn(at: { offset: number; path: readonly Seg[] }, message: string): void {
    this.warnings.push({ offset: at.offset, path: formatPath(at.path), message });
  }

  /** Follows an alias to its anchored node (within the budget). */
  resolve(node: unknown, at: { offset: number; path: readonly Seg[] }): Node | null {
    let n = node;
    let hops = 0;
    while (isAlias(n)) {
      if (this.aliasesLeft-- <= 0 || hops++ > 64) {
        if (!this.aliasReported) this.error(at, `too many alias references (more than ${LIMITS.aliases})`);
        this.aliasReported = true;
        return null;
      }
      let target: unknown;
      try { target = n.resolve(this.doc as Document); } catch { target = undefined; }
      if (target === undefined) {
        this.error(at, `unresolved alias *${n.source}`);
        return null;
      }
      n = target;
    }
    return (n ?? null) as Node | null;
  }

  /** The root value of the file. */
  root(): Val | undefined {
    const contents = this.doc.contents;
    const node = this.resolve(contents, { offset: 0, path: [] });
    if (node == null) return undefined;
    return { node, path: [], offset: start(node) };
  }

  /** A child value. An empty value (`key:` with nothing after it) is located at `emptyAt` (its key). */
  child(parent: Val, seg: Seg, raw: unknown, emptyAt: number): Val | undefined {
    const path = [...parent.path, seg];
    const node = this.resolve(raw, { offset: emptyAt, path });
    if (node == null) return { node: nullNode(emptyAt), path, offset: emptyAt };
    const r = node.range;
    const empty = isScalar(node) && node.value === null && r != null && r[0] === r[1];
    return { node, path, offset: empty ? emptyAt : start(node, emptyAt) };
  }

  // ----- structure -----

  /** A mapping whose keys must all be in `allowed`; unknown keys are reported one by one. */
  fields(v: Val, allowed: readonly string[], what = 'a mapping'): Fields | undefined {
    if (!isMap(v.node)) {
      this.error(v, `expected ${what}, got ${describe(v.node)}`);
      return undefined;
    }
    const entries = new Map<string, { key: Val; val: Val }>();
    const allowedSet = new Set(allowed);
    for (const { key, keyVal, pair } of this.keyedPairs(v, v.node.items)) {
      if (!allowedSet.has(key)) {
        this.error(keyVal, `unknown key '${key}'${suggest(key, allowed)}`);
        continue;
      }
      if (entries.has(key)) continue; // yaml itself reports duplicate keys
      const val = this.child(v, key, pair.value, keyVal.offset);
      if (val) entries.set(key, { key: keyVal, val });
    }
    return {
      self: v,
      get: (k) => entries.get(k)?.val,
      has: (k) => entries.has(k),
      keyOf: (k) => entries.get(k)?.key,
      keys: () => [...entries.keys()],
    };
  }

  /** A mapping with free keys (pools, templates): [key, value] pairs in file order. */
  entries(v: Val, what = 'a mapping'): { key: string; keyVal: Val; val: Val }[] | undefined {
    if (!isMap(v.node)) {
      this.error(v, `expected ${what}, got ${describe(v.node)}`);
      return undefined;
    }
    const out: { key: string; keyVal: Val; val: Val }[] = [];
    const seen = new Set<string>();
    for (const { key, keyVal, pair } of this.keyedPairs(v, v.node.items)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const val = this.child(v, key, pair.value, keyVal.offset);
      if (val) out.push({ key, keyVal, val });
    }
    return out;
  }

  /** A mapping's pairs whose keys are plain names (others are reported and skipped), in file order. */
  private *keyedPairs(v: Val, items: readonly unknown[]): Generator<{ key: string; keyVal: Val; pair: Pair<unknown, unknown> }> {
    for (const pair of items as Pair<unknown, unknown>[]) {
      const keyNode = this.resolve(pair.key, v);
      const keyOffset = keyNode ? start(keyNode, v.offset) : v.offset;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.error({ offset: keyOffset, path: v.path }, `keys must be plain names, got ${describe(keyNode)}`);
        continue;
      }
      const key = String(keyNode.value);
      yield { key, keyVal: { node: keyNode, path: [...v.path, key], offset: keyOffset }, pair };
    }
  }

  list(v: Val, what = 'a list'): Val[] | undefined {
    if (!isSeq(v.node)) {
      this.error(v, `expected ${what}, got ${describe(v.node)}`);
      return undefined;
    }
    const out: Val[] = [];
    v.node.items.forEach((item, i) => {
      const c = this.child(v, i, item, v.offset);
      if (c) out.push(c);
    });
    return out;
  }

  required(f: Fields, key: string, what?: string): Val | undefined {
    const v = f.get(key);
    if (v === undefined) {
      this.error({ offset: f.self.offset, path: [...f.self.path, key] }, `missing required key '${key}'${what ? ` (${what})` : ''}`);
    }
    return v;
  }

  // ----- scalars -----

  isNull(v: Val): boolean {
    return isScalar(v.node) && v.node.value === null;
  }

  str(v: Val, what = 'a string'): string | undefined {
    if (isScalar(v.node) && typeof v.node.value === 'string') return v.node.value;
    this.error(v, `expected ${what}, got ${describe(v.node)}`);
    return undefined;
  }

  /** A string or null (null returned as null). */
  strOrNull(v: Val, what = 'a string or null'): string | null | undefined {
    if (this.isNull(v)) return null;
    return this.str(v, what);
  }

  bool(v: Val): boolean | undefined {
    if (isScalar(v.node) && typeof v.node.value === 'boolean') return v.node.value;
    const hint = isScalar(v.node) && typeof v.node.value === 'string' && /^(yes|no|on|off|y|n)$/i.test(v.node.value)
      ? ' (YAML 1.2 reads yes/no/on/off as strings)' : '';
    this.error(v, `expected true or false, got ${describe(v.node)}${hint}`);
    return undefined;
  }

  int(v: Val, opts: { min?: number; max?: number } = {}): number | undefined {
    const min = opts.min ?? Number.MIN_SAFE_INTEGER;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    const range = opts.min !== undefined && opts.max !== undefined ? ` between ${min} and ${max}`
      : opts.min !== undefined ? (min === 0 ? ' >= 0' : ` >= ${min}`) : '';
    if (isScalar(v.node) && typeof v.node.value === 'number' && Number.isSafeInteger(v.node.value)) {
      const n = v.node.value;
      if (n < min || n > max) {
        this.error(v, `expected an integer${range}, got ${n}`);
        return undefined;
      }
      return n;
    }
    this.error(v, `expected an integer${range}, got ${describe(v.node)}`);
    return undefined;
  }

  intOrNull(v: Val, opts: { min?: number; max?: number } = {}): number | null | undefined {
    if (this.isNull(v)) return null;
    return this.int(v, opts);
  }

  oneOf<T extends string>(v: Val, values: readonly T[], what = 'one of'): T | undefined {
    if (isScalar(v.node) && typeof v.node.value === 'string' && (values as readonly string[]).includes(v.node.value)) {
      return v.node.value as T;
    }
    const shown = isScalar(v.node) && typeof v.node.value === 'string' ? `'${v.node.value}'` : describe(v.node);
    this.error(v, `${shown} is not ${what} ${values.join(', ')}`);
    return undefined;
  }

  /** A list of strings (null entries and non-strings are reported). */
  strList(v: Val, what = 'a list of strings'): { value: string; at: Val }[] | undefined {
    const items = this.list(v, what);
    if (!items) return undefined;
    const out: { value: string; at: Val }[] = [];
    for (const it of items) {
      const s = this.str(it);
      if (s !== undefined) out.push({ value: s, at: it });
    }
    return out;
  }

  // ----- free-form values -----

  /** Any JSON-like value: mappings become plain objects (keys as strings), scalars stay. */
  json(v: Val): unknown {
    const ok = { ok: true };
    const out = this.toJson(v.node, v, 0, ok);
    return ok.ok ? out : undefined;
  }

  /** A free-form mapping (params, conf, extra). null gives `{}` when `nullIsEmpty`. */
  jsonObject(v: Val, nullIsEmpty = true): Record<string, unknown> | undefined {
    if (nullIsEmpty && this.isNull(v)) return {};
    if (!isMap(v.node)) {
      this.error(v, `expected a mapping, got ${describe(v.node)}`);
      return undefined;
    }
    return this.json(v) as Record<string, unknown> | undefined;
  }

  private toJson(raw: unknown, at: Val, depth: number, ok: { ok: boolean }): unknown {
    if (!ok.ok) return undefined;
    const node = this.resolve(raw, at);
    if (node == null) return null;
    const here: Val = { node, path: at.path, offset: start(node, at.offset) };
    if (depth > LIMITS.depth) {
      this.error(here, `nested more than ${LIMITS.depth} levels deep`);
      ok.ok = false;
      return undefined;
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
          this.error(here, `${node.source ?? String(value)} is not a JSON number`);
          ok.ok = false;
          return undefined;
        }
        return value;
      }
      this.error(here, `unsupported YAML value (only strings, numbers, booleans, null, lists and mappings)`);
      ok.ok = false;
      return undefined;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.toJson(item, { node, path: [...at.path, i], offset: here.offset }, depth + 1, ok));
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const keyNode = this.resolve(pair.key, here);
        if (!isScalar(keyNode) || typeof keyNode.value === 'object') {
          this.error({ offset: keyNode ? start(keyNode, here.offset) : here.offset, path: at.path },
            `keys must be strings, numbers or booleans, got ${describe(keyNode)}`);
          ok.ok = false;
          return undefined;
        }
        const key = String(keyNode.value);
        const keyOffset = start(keyNode, here.offset);
        // defineProperty: a key named __proto__ is data, not a prototype change.
        Object.defineProperty(obj, key, {
          value: this.toJson(pair.value, { node, path: [...at.path, key], offset: keyOffset }, depth + 1, ok),
          enumerable: true, writable: true, configurable: true,
        });
      }
      return obj;
    }
    this.error(here, 'unsupported YAML value');
    ok.ok = false;
    return undefined;
  }
}

/** Start offset of a node (its value, after any tag or anchor). */
export function start(node: Node, fallback = 0): number {
  const r = node.range;
  if (!r) return fallback;
  return r[0];
}

function nullNode(offset: number): Node {
  // A stand-in for an empty value: a null scalar at the given place.
  const s = new Scalar(null);
  s.range = [offset, offset, offset];
  return s;
}
