// The import graph of the repository's own TypeScript and Svelte, and its cycles.
// Used by test/tidy/import_cycles.test.ts and runnable by hand:
//   node scripts/import_graph.mjs [dir ...]    prints every cycle (exit 1 when there is one)
// Edges are every static import/export-from and dynamic import() of a relative path, type-only
// ones included: a type-only cycle still means neither file can be read without the other.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import ts from 'typescript';

const SKIP = new Set(['node_modules', 'dist', 'dist-electron', 'release', '.git', 'test-results', '.venvs', 'golden', 'fixtures']);

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    if (SKIP.has(n) || n.startsWith('.')) return [];
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|svelte)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/** The script blocks of a .svelte file, or the whole text of a .ts file. */
function scriptText(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** `./x.js` → the file it names on disk (.ts, .svelte.ts, .svelte), or null for a package. */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.mts`, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** Every relative import of one file: { to, typeOnly, line }. */
export function importsOf(file) {
  const text = scriptText(file);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out = [];
  const add = (spec, typeOnly, node) => {
    const to = resolveSpecifier(file, spec);
    if (to) out.push({ to, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The graph of the files under `dirs` (relative to `root`): Map<file, imports[]>, paths relative. */
export function importGraph(root, dirs) {
  const graph = new Map();
  for (const dir of dirs) {
    for (const f of sourceFiles(join(root, dir))) {
      graph.set(relative(root, f), importsOf(f).map((e) => ({ ...e, to: relative(root, e.to) })));
    }
  }
  return graph;
}

/**
 * The strongly connected components with more than one file (or a file importing itself), each
 * given as one concrete cycle a reader can follow: a → b → ... → a. Tarjan's algorithm, iterative.
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  const succ = (v) => (graph.get(v) ?? []).map((e) => e.to).filter((t) => graph.has(t));
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next); low.set(start, next); next++; stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const s = succ(v);
      if (i < s.length) {
        frame[1]++;
        const w = s[i];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length) { const u = work[work.length - 1][0]; low.set(u, Math.min(low.get(u), low.get(v))); }
      if (low.get(v) === index.get(v)) {
        const comp = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1 || succ(v).includes(v)) components.push(comp.sort());
      }
    }
  }
  return components.map((comp) => ({ files: comp, cycle: oneCycle(graph, comp) }));
}

/** A shortest path from the component's first file back to itself, inside the component. */
function oneCycle(graph, comp) {
  const inside = new Set(comp);
  const start = comp[0];
  const prev = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const { to } of graph.get(v) ?? []) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]));
        return [...path, start];
      }
      if (!prev.has(to)) { prev.set(to, v); queue.push(to); }
    }
  }
  return [start, start];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(new URL('..', import.meta.url).pathname);
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['core', 'cli', 'electron', 'renderer', 'view', 'scripts', 'test'];
  const graph = importGraph(root, dirs);
  const cycles = findCycles(graph);
  for (const c of cycles) console.log(`cycle of ${c.files.length} files: ${c.cycle.join(' → ')}`);
  console.log(`${graph.size} files, ${cycles.length} cycle(s)`);
  process.exit(cycles.length ? 1 : 0);
}
