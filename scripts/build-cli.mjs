// Bundles the CLI (cli/main.ts and the core it imports) into dist/cli.mjs.
// Dependencies stay external: they resolve from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
