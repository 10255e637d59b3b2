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
    ['a Node import', "import { readFileSync } from 'node:fs';", 'node/, beside core'],
    ['setTimeout', 'setTimeout(() => 1, 5);', 'timers'],
    ['localeCompare', "'a'.localeCompare('b');", 'locale'],
    ['a DOM global', 'document.title = "x";', 'DOM'],
    ['a renderer import', "import x from '../renderer/app';", 'layering'],
    ['an import out of core/', "import { x } from '../view/colors.js';", 'core imports nothing outside core/'],
  ])('refuses %s in core/', (_name, code, why) => {
    const root = mkdtempSync(join(tmpdir(), 'wt-lint-'));
    mkdirSync(join(root, 'core'));
    writeFileSync(join(root, 'core', 'bad.ts'), `// a comment may say Date.now()\n${code}\n`);
    const r = lint(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('core/bad.ts:2:');
    expect(r.stderr).toContain(why);
  });

  it.each([
    ['cli', 'cli/commands/run.ts', "import { x } from '../../core/scheduler/simulation.js';", 'imports core only through its door core/index.ts'],
    ['renderer', 'renderer/timeline/a.ts', "import type { RunOutput } from '../../core/model/output.js';", 'imports core only through its door'],
    ['electron', 'electron/main/a.ts', "import { renderExport } from '../../cli/export_formats.js';", 'electron/ must not import cli/'],
    ['cli', 'cli/a.ts', "import { timelineSvg } from '../renderer/timeline_svg.js';", 'cli/ must not import renderer/'],
    ['renderer', 'renderer/lib/a.ts', "import { x } from '../../electron/main/menu.js';", 'renderer/ must not import electron/'],
    ['view', 'view/a.ts', "import { readFileSync } from 'node:fs';", 'view/ runs without Node'],
    ['view', 'view/b.ts', "import { svgToPng } from '../node/png.js';", 'view/ must not import node/'],
  ])('refuses in %s/: %s', (_layer, file, code, why) => {
    const root = mkdtempSync(join(tmpdir(), 'wt-lint-'));
    mkdirSync(join(root, 'core'));
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), `// header\n${code}\n`);
    const r = lint(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:`);
    expect(r.stderr).toContain(why);
  });

  it('lets a shell use the door, view/, node/ and the IPC contract', () => {
    const root = mkdtempSync(join(tmpdir(), 'wt-lint-'));
    mkdirSync(join(root, 'core'));
    mkdirSync(join(root, 'renderer', 'lib'), { recursive: true });
    mkdirSync(join(root, 'electron', 'main'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'lib', 'ok.ts'), "import { simulate } from '../../core/index.js';\nimport { x } from '../../view/colors.js';\nimport type { Api } from '../../electron/common/ipc.js';\n");
    writeFileSync(join(root, 'electron', 'main', 'ok.ts'), "import { renderExport } from '../../node/export_formats.js';\nimport { readFileSync } from 'node:fs';\n");
    const r = lint(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
