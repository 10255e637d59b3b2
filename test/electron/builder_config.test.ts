// The electron-builder configuration, checked by electron-builder's own validator and file
// matcher without packaging anything (every target downloads tools: never run here).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_FILES } from '../../node/png.js';

const root = join(__dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const config = require('./build/electron-builder.config.cjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('build/electron-builder.config.cjs', () => {
  it('passes electron-builder’s schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add() {} })).resolves.toBeUndefined();
    // The validator is live: a misplaced option is refused.
    const wrong = structuredClone(config);
    wrong.linux.dmgTitle = 'x';
    await expect(validateConfiguration(wrong, { isEnabled: false, add() {} })).rejects.toThrow(/Invalid configuration/);
  });

  it('names the app and targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.appId).toBe('org.windtunnel.desktop');
    expect(config.productName).toBe('Windtunnel');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(config.publish).toBeNull();
  });

  it('associates .windtunnel.yaml files with a MIME type (needed for the Linux desktop entry)', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'windtunnel.yaml', mimeType: 'application/x-windtunnel+yaml', role: 'Editor' })]);
    expect(config.linux.mimeTypes).toContain('application/x-windtunnel+yaml');
  });

  it('points at icons that exist and have the sizes each platform needs', () => {
    const size = (p: string) => { const b = readFileSync(join(root, p)); return [b.readUInt32BE(16), b.readUInt32BE(20)]; };
    expect(size(config.mac.icon)).toEqual([1024, 1024]);
    expect(size(config.win.icon)).toEqual([1024, 1024]);
    for (const s of [16, 32, 48, 64, 128, 256, 512]) expect(size(`${config.linux.icon}/${s}x${s}.png`)).toEqual([s, s]);
  });

  it('packs the bundles and only the run-time node_modules (resvg and the fonts cli/png.ts loads)', () => {
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js');
    // electron-builder adds '!**/node_modules/**' before the first node_modules pattern.
    const patterns: string[] = [...config.files];
    const at = patterns.findIndex((p) => !p.startsWith('!') && p.includes('node_modules/'));
    patterns.splice(at, 0, '!**/node_modules/**');
    const filter = new FileMatcher(root, '', (s: string) => s, patterns).createFilter();
    const file = { isDirectory: () => false };
    const included = (rel: string) => filter(join(root, rel), file);
    for (const p of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html',
      'dist/renderer/assets/sql-wasm-abc.wasm', 'node_modules/@resvg/resvg-js/index.js',
      'node_modules/@resvg/resvg-js-linux-x64-gnu/resvgjs.linux-x64-gnu.node', 'node_modules/dejavu-fonts-ttf/package.json',
      ...FONT_FILES.map((f) => `node_modules/dejavu-fonts-ttf/ttf/${f}`)]) {
      expect(included(p), p).toBe(true);
    }
    for (const p of ['dist/electron/main.cjs.map', 'dist/cli.mjs', 'core/index.ts', 'electron/main/main.ts', 'test/electron/x.test.ts',
      'node_modules/d3/dist/d3.js', 'node_modules/sql.js/dist/sql-wasm.wasm', 'node_modules/esbuild/bin/esbuild',
      'node_modules/dejavu-fonts-ttf/ttf/DejaVuSerif.ttf', 'node_modules/electron/index.js']) {
      expect(included(p), p).toBe(false);
    }
  });

  it('unpacks what resvg reads natively out of the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@resvg/**/*', 'node_modules/dejavu-fonts-ttf/ttf/**/*']));
  });

  it('is what `npm run dist` uses', () => {
    expect(pkg.scripts.dist).toContain('electron-builder --config build/electron-builder.config.cjs');
    expect(existsSync(join(root, 'build', 'icon.svg'))).toBe(true);
  });
});
