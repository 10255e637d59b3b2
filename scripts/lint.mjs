// Tidy lint: mechanical rules that keep core/ deterministic and the layers apart (style.md §5, §8).
// core/ must not read ambient time or randomness, use timers or locale ordering, or import Node,
// DOM, Electron, Svelte, D3 or anything outside core/; the layers above it follow LAYERS below.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const files = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : [p];
});

const banned = [
  [/\bDate\.now\s*\(/, 'Date.now(): time comes only from the virtual clock'],
  [/\bnew Date\s*\(\s*\)/, 'new Date(): time comes only from the virtual clock'],
  [/\bMath\.random\s*\(/, 'Math.random(): randomness comes only from the seeded PRNG'],
  [/\bperformance\.now\s*\(/, 'performance.now(): no wall-clock time in core'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'timers: the simulation advances only by its clock'],
  [/\blocaleCompare\s*\(/, 'localeCompare: ordering must not depend on the locale'],
  [/\bcrypto\.getRandomValues\s*\(/, 'crypto randomness: use the seeded PRNG'],
  [/from\s+['"](node:|fs['"]|path['"]|child_process|os['"])/, 'Node import: Node code lives in node/, beside core'],
  [/from\s+['"](electron|svelte|d3|d3-[a-z]+)['"/]/, 'UI or shell import: core imports neither'],
  [/from\s+['"](\.\.\/)+(renderer|electron|cli|view|node)\//, 'layering: core imports nothing outside core/'],
  [/\b(window|document|localStorage)\./, 'DOM global: core runs without a DOM'],
];

const problems = [];
for (const f of files(join(root, 'core'))) {
  const rel = relative(root, f);
  if (!/\.(ts|js|mjs)$/.test(f)) continue;
  readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
    // Comments may name what they avoid; only code counts.
    if (/^\s*(\*|\/\*|\/\/)/.test(line)) return;
    const code = line.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
    for (const [re, why] of banned) if (re.test(code)) problems.push(`${rel}:${i + 1}: ${why}`);
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]*)['"]/g)) {
      if (!relative(root, join(dirname(f), m[1])).startsWith('core/')) problems.push(`${rel}:${i + 1}: layering: core imports nothing outside core/ (${m[1]})`);
    }
  });
}
// Layers, bottom to top: core (pure engine) → view (DOM-free drawing and formats) → node (Node-only
// pieces the CLI and the desktop share, e.g. PNG) → the shells cli, electron, renderer side by side.
// A shell reaches core only through its door, core/index.ts; no shell imports another shell.
const LAYERS = {
  view: { may: ['core', 'view'], node: false },
  node: { may: ['core', 'view', 'node'], node: true },
  cli: { may: ['core', 'view', 'node', 'cli'], node: true },
  electron: { may: ['core', 'view', 'node', 'electron'], node: true },
  renderer: { may: ['core', 'view', 'renderer', 'electron/common'], node: false },
};
const topOf = (path) => (path.startsWith('electron/common/') ? 'electron/common' : path.split('/')[0]);
for (const [dir, rule] of Object.entries(LAYERS)) {
  let list = [];
  try { list = files(join(root, dir)); } catch { continue; }
  for (const f of list) {
    const rel = relative(root, f);
    if (!/\.(ts|svelte|mjs)$/.test(f)) continue;
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      const where = `${rel}:${i + 1}`;
      for (const m of line.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (!rule.node && /^(node:|fs$|path$|child_process$|os$|electron$)/.test(spec)) problems.push(`${where}: ${dir}/ runs without Node or Electron: move Node code to node/`);
        if (!spec.startsWith('.')) continue;
        const target = relative(root, join(dirname(f), spec));
        const top = topOf(target);
        if (top === 'core' && target !== 'core/index.js') problems.push(`${where}: ${dir}/ imports core only through its door core/index.ts (not ${target})`);
        else if (Object.hasOwn(LAYERS, top) || top === 'electron/common') {
          const allowed = rule.may.includes(top) || (top === 'electron/common' && rule.may.includes('electron'));
          if (!allowed) problems.push(`${where}: ${dir}/ must not import ${top}/ (layers: core → view → node → cli | electron | renderer)`);
        }
      }
    });
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: clean');
