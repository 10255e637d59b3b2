// Bundles the Electron main process and preload into dist/electron/ with esbuild.
// - main.cjs: CommonJS for Node in Electron; everything is bundled (d3 and the rest of the core are
//   ESM and would otherwise need require(esm)) except electron itself and resvg's native module.
// - preload.cjs: CommonJS, because a sandboxed preload cannot load ES modules; only `electron` is
//   left to the sandbox's own require.
// Usage: node scripts/build-electron.mjs   (or import { buildElectron } from it)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron({ outdir = join(root, 'dist', 'electron'), logLevel = 'warning' } = {}) {
  const common = { bundle: true, sourcemap: true, logLevel, absWorkingDir: root, legalComments: 'none' };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'main', 'main.ts')],
      outfile: join(outdir, 'main.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', '@resvg/resvg-js'],
      // createRequire(import.meta.url) in shared modules: give CommonJS a real import.meta.url.
      define: { 'import.meta.url': '__windtunnel_import_meta_url' },
      banner: { js: "const __windtunnel_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'preload', 'preload.ts')],
      outfile: join(outdir, 'preload.cjs'),
      platform: 'browser',
      format: 'cjs',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
  return { main: join(outdir, 'main.cjs'), preload: join(outdir, 'preload.cjs') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildElectron();
}
