// The esbuild bundles npm start and electron-builder ship: the preload must be CommonJS that
// requires nothing but 'electron' (a sandboxed preload has no other modules); main may require
// only electron, resvg's native module and Node's built-ins (everything else is inside it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildElectron } from '../../scripts/build-electron.mjs';

let out: string;
let main: string;
let preload: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'wt-bundles-'));
  await buildElectron({ outdir: out, logLevel: 'error' });
  main = readFileSync(join(out, 'main.cjs'), 'utf8');
  preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const required = (code: string) => [...new Set([...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]))].sort();

describe('electron bundles', () => {
  it('preload: CommonJS, requiring only electron', () => {
    expect(required(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).not.toMatch(/\bexport\s/);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('main: CommonJS, requiring only electron, resvg and Node built-ins', () => {
    const allowed = new Set(['electron', '@resvg/resvg-js', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const outside = required(main).filter((m) => !allowed.has(m));
    expect(outside).toEqual([]);
    expect(required(main)).toContain('electron');
    expect(main).toContain('registerSchemesAsPrivileged');
    // import.meta.url (for createRequire in shared modules) is defined in CommonJS too.
    expect(main.split('\n')[0]).toMatch(/__windtunnel_import_meta_url = require\('node:url'\)\.pathToFileURL\(__filename\)/);
  });
});
