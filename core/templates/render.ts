// Jinja-style rendering with nunjucks under Airflow's StrictUndefined: a name the context lacks
// fails the render with "UndefinedError: 'ds' is undefined". nunjucks copies the context, so the
// undefined names are found from the template's syntax tree before rendering. Templates are
// untrusted input (a scenario file is anyone's): they compile and run inside the sandbox of
// compile_guard.ts and sandbox.ts, which refuses what Airflow's SandboxedEnvironment refuses.
import nunjucks from 'nunjucks';
import { installCompileGuard } from './compile_guard.js';
import { MAX_STRING_LENGTH, withBudget } from './limits.js';
import { pyStr } from './pyrepr.js';
import { installPythonCompat } from './python_compat.js';
import { installSandbox, noTemplateFiles } from './sandbox.js';

type Node = { typename: string; fields?: string[]; [k: string]: unknown };

// Jinja compatibility: True/False/None literals and dict.get()/items()/keys() in templates.
nunjucks.installJinjaCompat();
// No loader reads files: {% include %} and friends find no template (nunjucks' default would read ./views).
const env = new nunjucks.Environment([noTemplateFiles as unknown as nunjucks.ILoader], { autoescape: false, throwOnUndefined: true });
installPythonCompat(env);
installCompileGuard();
const ALWAYS_DEFINED = new Set(['True', 'False', 'None', 'true', 'false', 'none', 'loop', 'caller', 'range', 'cycler', 'joiner']);
const compiled = new Map<string, { template: nunjucks.Template; names: string[] }>();

// Print values as Python's str() would (True, None, dict reprs, datetimes).
type Runtime = { suppressValue: (v: unknown, esc: boolean) => unknown; ensureDefined: (v: unknown, l: number, c: number) => unknown };
const runtime = (nunjucks as unknown as { runtime: Runtime }).runtime;
const originalSuppress = runtime.suppressValue;
const originalEnsure = runtime.ensureDefined;
runtime.suppressValue = (v: unknown, esc: boolean) => (v === undefined ? originalSuppress(v, esc) : pyStr(v));
// None prints as "None" in Jinja; only a truly undefined value is an error.
runtime.ensureDefined = (v: unknown, l: number, c: number) => (v === null ? v : originalEnsure(v, l, c));
installSandbox(env);
/** Compiled templates kept for reuse; a scenario has few distinct ones, a fuzzer many. */
const MAX_COMPILED = 10_000;

/** Free variable names of a template, in source order, minus those it binds itself anywhere
 * ({% set %}, loop variables, macros and their arguments, imports). */
function freeNames(source: string): string[] {
  const ast = (nunjucks as unknown as { parser: { parse(src: string): Node } }).parser.parse(source);
  const declared = new Set<string>();
  const used: string[] = [];
  const declare = (n: unknown) => { if (n && typeof n === 'object' && (n as Node).typename === 'Symbol') declared.add(String((n as Node).value)); };
  const visit = (node: unknown, skipSymbol = false): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach((n) => visit(n)); return; }
    const n = node as Node;
    switch (n.typename) {
      case 'Symbol': if (!skipSymbol) used.push(String(n.value)); return;
      case 'Set': for (const t of (n.targets as Node[]) ?? []) declare(t); visit(n.value); visit(n.body); return;
      case 'For': {
        const names = n.name as Node;
        if (names.typename === 'Array') (names.children as Node[]).forEach(declare);
        else declare(names);
        visit(n.arr); visit(n.body); visit(n.else_); return;
      }
      case 'Macro': case 'Caller':
        declare(n.name);
        for (const a of ((n.args as Node)?.children as Node[]) ?? []) {
          if (a.typename === 'Symbol') declare(a);
          else for (const p of (a.children as Node[]) ?? []) { declare(p.key); visit(p.value); }
        }
        visit(n.body); return;
      case 'Import': declare(n.target); visit(n.template); return;
      case 'FromImport':
        for (const p of ((n.names as Node)?.children as Node[]) ?? []) declare(p.typename === 'Pair' ? p.value : p);
        visit(n.template); return;
      case 'Block': visit(n.body); return;
      case 'KeywordArgs': for (const p of (n.children as Node[]) ?? []) visit(p.value); return;
      case 'LookupVal': visit(n.target); if ((n.val as Node)?.typename !== 'Literal') visit(n.val); return;
      case 'Is': visit(n.left, true); return;
      case 'Filter': case 'FilterAsync': visit(n.args); return;
    }
    for (const f of n.fields ?? []) visit(n[f]);
  };
  visit(ast);
  return [...new Set(used.filter((u) => !declared.has(u) && !ALWAYS_DEFINED.has(u)))];
}

/** A template's syntax tree as the renderer reads it (through the compile guard), or the
 * TemplateSyntaxError text the render would fail with. */
export function parseTemplate(source: string): { ok: true; ast: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, ast: (nunjucks as unknown as { parser: { parse(src: string): Node } }).parser.parse(source) };
  } catch (err) {
    return { ok: false, error: syntaxError(err) };
  }
}

const syntaxError = (err: unknown) => `TemplateSyntaxError: ${firstLine(err).replace(/^(Error: )?TemplateSyntaxError: /, '')}`;

export type RenderResult = { ok: true; text: string } | { ok: false; error: string };

export function renderTemplate(source: string, context: Record<string, unknown>): RenderResult {
  let entry = compiled.get(source);
  try {
    if (!entry) {
      const names = freeNames(source);
      entry = { template: withBudget(() => new nunjucks.Template(source, env, undefined, true)), names };
      if (compiled.size >= MAX_COMPILED) compiled.clear();
      compiled.set(source, entry);
    }
  } catch (err) {
    return { ok: false, error: syntaxError(err) };
  }
  for (const name of entry.names) {
    if (!Object.prototype.hasOwnProperty.call(context, name)) return { ok: false, error: `UndefinedError: '${name}' is undefined` };
  }
  const template = entry.template;
  try {
    const text = withBudget(() => template.render(context));
    if (text.length > MAX_STRING_LENGTH) return { ok: false, error: `MemoryError: a template output of ${text.length} characters (Windtunnel's limit is ${MAX_STRING_LENGTH})` };
    return { ok: true, text };
  } catch (err) {
    return { ok: false, error: renderError(err) };
  }
}

/** What a render raised, as Python would name it. */
function renderError(err: unknown): string {
  // nunjucks wraps what a template raises as "Error: <ours>"; ours already read like Python's.
  const msg = firstLine(err).replace(/^Error: (?=[A-Z][A-Za-z]*(Error|Exception): )/, '');
  if (/null or undefined/.test(msg)) return 'UndefinedError: a value in the template is undefined';
  // JavaScript's own limits, reached before ours: the string cap of V8 and the call stack.
  if (/Invalid string length|Invalid array length/.test(msg)) return `MemoryError: a template value beyond JavaScript's size limit (Windtunnel's limit is ${MAX_STRING_LENGTH} characters)`;
  if (/Maximum call stack size exceeded/.test(msg)) return 'RecursionError: maximum recursion depth exceeded';
  const missing = /template not found: (.*)$/.exec(msg);
  if (missing) return `TemplateNotFound: '${missing[1]}' not found (Windtunnel reads no template files)`;
  return msg;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? text;
}
