// Jinja-style rendering with nunjucks under Airflow's StrictUndefined: a name the context lacks
// fails the render with "UndefinedError: 'ds' is undefined". nunjucks copies the context, so the
// undefined names are found from the template's syntax tree before rendering.
import nunjucks from 'nunjucks';
import { pyStr } from './pyrepr.js';
import { installPythonCompat } from './python_compat.js';

type Node = { typename: string; fields?: string[]; [k: string]: unknown };

// Jinja compatibility: True/False/None literals and dict.get()/items()/keys() in templates.
nunjucks.installJinjaCompat();
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
installPythonCompat(env);
const ALWAYS_DEFINED = new Set(['True', 'False', 'None', 'true', 'false', 'none', 'loop', 'range', 'cycler', 'joiner']);
const compiled = new Map<string, { template: nunjucks.Template; names: string[] }>();

// Print values as Python's str() would (True, None, dict reprs, datetimes).
type Runtime = { suppressValue: (v: unknown, esc: boolean) => unknown; ensureDefined: (v: unknown, l: number, c: number) => unknown };
const runtime = (nunjucks as unknown as { runtime: Runtime }).runtime;
const originalSuppress = runtime.suppressValue;
const originalEnsure = runtime.ensureDefined;
runtime.suppressValue = (v: unknown, esc: boolean) => (v === undefined ? originalSuppress(v, esc) : pyStr(v));
// None prints as "None" in Jinja; only a truly undefined value is an error.
runtime.ensureDefined = (v: unknown, l: number, c: number) => (v === null ? v : originalEnsure(v, l, c));

/** Free variable names of a template, in source order, minus those it declares itself. */
function freeNames(source: string): string[] {
  const ast = (nunjucks as unknown as { parser: { parse(src: string): Node } }).parser.parse(source);
  const declared = new Set<string>();
  const used: string[] = [];
  const visit = (node: unknown, skipSymbol = false): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach((n) => visit(n)); return; }
    const n = node as Node;
    if (n.typename === 'Symbol') { if (!skipSymbol) used.push(String(n.value)); return; }
    if (n.typename === 'Set') { for (const t of (n.targets as Node[]) ?? []) declared.add(String(t.value)); visit(n.value); visit(n.body); return; }
    if (n.typename === 'For') {
      const names = n.name as Node;
      if (names.typename === 'Array') (names.children as Node[]).forEach((c) => declared.add(String(c.value)));
      else declared.add(String(names.value));
      visit(n.arr); visit(n.body); visit(n.else_); return;
    }
    if (n.typename === 'KeywordArgs') { for (const p of (n.children as Node[]) ?? []) visit(p.value); return; }
    if (n.typename === 'LookupVal') { visit(n.target); if ((n.val as Node)?.typename !== 'Literal') visit(n.val); return; }
    if (n.typename === 'Is') { visit(n.left, true); return; }
    if (n.typename === 'Filter' || n.typename === 'FilterAsync') { visit(n.args); return; }
    for (const f of n.fields ?? []) visit(n[f]);
  };
  visit(ast);
  return [...new Set(used.filter((u) => !declared.has(u) && !ALWAYS_DEFINED.has(u)))];
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: string };

export function renderTemplate(source: string, context: Record<string, unknown>): RenderResult {
  let entry = compiled.get(source);
  try {
    if (!entry) {
      entry = { template: nunjucks.compile(source, env), names: freeNames(source) };
      compiled.set(source, entry);
    }
  } catch (err) {
    return { ok: false, error: `TemplateSyntaxError: ${firstLine(err)}` };
  }
  for (const name of entry.names) {
    if (!(name in context)) return { ok: false, error: `UndefinedError: '${name}' is undefined` };
  }
  try {
    return { ok: true, text: entry.template.render(context) };
  } catch (err) {
    // nunjucks wraps what a template raises as "Error: <ours>"; ours already read like Python's.
    const msg = firstLine(err).replace(/^Error: (?=[A-Z][A-Za-z]*(Error|Exception): )/, '');
    if (/null or undefined/.test(msg)) return { ok: false, error: 'UndefinedError: a value in the template is undefined' };
    return { ok: false, error: msg };
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? text;
}
