// Tidy lint: mechanical rules that keep core/ deterministic and layered (style.md §5, §8).
// core/ (outside core/node/) must not read ambient time or randomness, use timers or locale
// ordering, or import Node, DOM, Electron, Svelte, D3 or the other layers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
  [/from\s+['"](node:|fs['"]|path['"]|child_process|os['"])/, 'Node import: only core/node/ may use Node'],
  [/from\s+['"](electron|svelte|d3|d3-[a-z]+)['"/]/, 'UI or shell import: core imports neither'],
  [/from\s+['"](\.\.\/)+(renderer|electron)\//, 'layering: core must not import renderer or electron'],
  [/\b(window|document|localStorage)\./, 'DOM global: core runs without a DOM'],
];

const problems = [];
for (const f of files(join(root, 'core'))) {
  const rel = relative(root, f);
  if (!/\.(ts|js|mjs)$/.test(f) || rel.startsWith('core/node/')) continue;
  readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
    // Comments may name what they avoid; only code counts.
    if (/^\s*(\*|\/\*|\/\/)/.test(line)) return;
    const code = line.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
    for (const [re, why] of banned) if (re.test(code)) problems.push(`${rel}:${i + 1}: ${why}`);
  });
}
for (const dir of ['renderer', 'electron']) {
  let list = [];
  try { list = files(join(root, dir)); } catch { continue; }
  for (const f of list) {
    const rel = relative(root, f);
    if (!/\.(ts|svelte)$/.test(f)) continue;
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      // The renderer may share the IPC contract (electron/common/), nothing else of the shell.
      if (dir === 'renderer' && /from\s+['"][^'"]*\/electron\/(?!common\/)/.test(line)) problems.push(`${rel}:${i + 1}: renderer must not import electron/ (except the contract in electron/common/)`);
      if (/from\s+['"][^'"]*core\/(?!index|api|model|node\/|export|scenario|time|timetables)[a-z]/.test(line) && dir === 'renderer') problems.push(`${rel}:${i + 1}: renderer talks to core through core/index.ts`);
    });
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: clean');
