#!/usr/bin/env node
// Entry for `npx windtunnel`: runs the bundled CLI, rebuilding it first when a source is newer
// (so a fresh checkout or an edited tree never runs a stale bundle).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : /\.(ts|ya?ml|md|json)$/.test(name) ? s.mtimeMs : 0);
  }
  return newest;
}

const stale = !existsSync(bundle) ||
  Math.max(...['core', 'view', 'node', 'cli'].map((d) => newestSource(join(root, d)))) > statSync(bundle).mtimeMs;
if (stale) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')], outfile: bundle, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'error',
  });
}
await import(pathToFileURL(bundle).href);
