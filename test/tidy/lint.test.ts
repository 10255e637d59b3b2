// core/ reads no ambient time or randomness and imports no DOM, Node or UI code: the tidy lint
// enforces it mechanically, and this test proves the lint can fail.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const lint = (root?: string) => spawnSync('node', ['scripts/lint.mjs', ...(root ? [root] : [])], { encoding: 'utf8' });

describe('tidy lint', () => {
  it('passes on the project', () => {
    const r = lint();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['Date.now()', 'const t = Date.now();', 'virtual clock'],
    ['Math.random()', 'const r = Math.random();', 'seeded PRNG'],
    ['a Node import', "import { readFileSync } from 'node:fs';", 'only core/node/'],
    ['setTimeout', 'setTimeout(() => 1, 5);', 'timers'],
    ['localeCompare', "'a'.localeCompare('b');", 'locale'],
    ['a DOM global', 'document.title = "x";', 'DOM'],
    ['a renderer import', "import x from '../renderer/app';", 'layering'],
  ])('refuses %s in core/', (_name, code, why) => {
    const root = mkdtempSync(join(tmpdir(), 'wt-lint-'));
    mkdirSync(join(root, 'core'));
    writeFileSync(join(root, 'core', 'bad.ts'), `// a comment may say Date.now()\n${code}\n`);
    const r = lint(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('core/bad.ts:2:');
    expect(r.stderr).toContain(why);
  });
});
