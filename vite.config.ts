// The renderer: a Svelte 5 app in renderer/, built to dist/renderer with relative asset URLs so the
// same files load from Electron (app:// or file://) and from a plain static server.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  // No svelte.config.js: the plugin would look for one relative to `root`.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // DejaVu Sans and sql-wasm.wasm stay files (no data: URLs, which a strict CSP may refuse).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  // The simulation worker is an ES module loaded from its own file (never a blob: or inline worker,
  // which would inherit the document's CSP and could not run nunjucks' compiled templates).
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false, fs: { allow: [here('.')] } },
  preview: { host: '127.0.0.1' },
  clearScreen: false,
});
