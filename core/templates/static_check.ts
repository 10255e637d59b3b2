// What can be known about a template before it renders: that it does not parse, that it asks for
// an attribute Airflow's sandbox refuses on every object (the '__' names all Python objects have:
// __class__, __init__, __subclasshook__ ...: SecurityError whatever the value is), an attribute of
// a literal or a global that its type lacks (`range.constructor`: the sandbox's own lookup says
// so), or a template file Windtunnel does not have. The scenario reader reports these where they
// are written.
import { PY_DUNDERS, PY_PUBLIC } from './py_dunders.js';
import { pyGetattr } from './py_getattr.js';
import { templateGlobals } from './py_globals.js';
import { pyTypeName } from './py_types.js';
import { PyUndefined } from './py_values.js';
import { parseTemplate } from './render.js';

type Node = { typename: string; lineno: number; colno: number; fields?: string[]; value?: unknown; [k: string]: unknown };

/** '__' attributes every Python object has (so the sandbox refuses them on any value). */
const EVERY_OBJECT = [...Object.values(PY_DUNDERS)].reduce((common, names) => new Set([...common].filter((x) => names.has(x))));

const where = (n: Node) => `template line ${n.lineno + 1}, column ${n.colno + 1}`;

/** Problems of one template source, each a message ("<where>: <Error>: <text>"); none if it may render. */
export function templateProblems(source: string): string[] {
  if (!/\{[{%#]/.test(source)) return [];
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [parsed.error];
  const out: string[] = [];
  const literalName = (n: unknown): string | undefined => {
    const v = n as Node | undefined;
    return v && v.typename === 'Literal' && typeof v.value === 'string' ? v.value : undefined;
  };
  // Values whose type is known before rendering: literals, and the globals unless the template rebinds them.
  const globals = templateGlobals();
  const bound = new Set<string>();
  const bind = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach(bind); return; }
    const n = node as Node;
    if (n.typename === 'Set') for (const t of (n.targets as Node[]) ?? []) bound.add(String(t.value));
    if (n.typename === 'For') [n.name as Node, ...(((n.name as Node).children as Node[]) ?? [])].forEach((t) => bound.add(String(t.value)));
    if (n.typename === 'Macro') for (const a of ((n.args as Node)?.children as Node[]) ?? []) bound.add(String(a.value));
    for (const f of n.fields ?? []) bind(n[f]);
  };
  bind(parsed.ast);
  const known = (n: Node | undefined): { value: unknown } | undefined => {
    if (!n) return undefined;
    if (n.typename === 'Literal' && typeof n.value === 'string') return { value: n.value };
    if (n.typename === 'Symbol' && !bound.has(String(n.value)) && Object.prototype.hasOwnProperty.call(globals, String(n.value))) return { value: globals[String(n.value)] };
    return undefined;
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach(visit); return; }
    const n = node as Node;
    const name = n.typename === 'LookupVal' ? literalName(n.val)
      : n.typename === 'Filter' && (n.name as Node)?.value === 'attr' ? literalName(((n.args as Node)?.children as Node[])?.[1]) : undefined;
    const target = n.typename === 'LookupVal' && name !== undefined ? known(n.target as Node) : undefined;
    // Only what Python lacks too: a name Python has but Windtunnel does not model is not the template's fault.
    const pythonHas = target && !name!.startsWith('__') && PY_PUBLIC[pyTypeName(target.value)]?.has(name!);
    const found = target && !pythonHas ? pyGetattr(target.value, name!) : undefined;
    if (found instanceof PyUndefined) out.push(`${where(n)}: ${found.errorType}: ${found.hint}`);
    else if (name !== undefined && EVERY_OBJECT.has(name)) out.push(`${where(n)}: SecurityError: access to attribute '${name}' is unsafe (Airflow's sandbox refuses it on every object)`);
    if (['Include', 'Import', 'FromImport', 'Extends'].includes(n.typename)) {
      const file = literalName(n.template);
      out.push(`${where(n)}: TemplateNotFound: ${file === undefined ? 'a template file' : `'${file}'`} (Windtunnel reads no template files)`);
    }
    for (const f of n.fields ?? []) visit(n[f]);
  };
  visit(parsed.ast);
  return out;
}
