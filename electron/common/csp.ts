// Content Security Policies for the renderer, sent as response headers by both the desktop app's
// app:// protocol and the browser fallback's static server.
//
// Verified in Chromium (test/e2e/start-fallback.test.ts): a dedicated Worker loaded from a
// same-origin URL does NOT inherit the document's CSP; it takes the policy of its own script
// response. So the document needs no 'unsafe-eval' in script-src or worker-src, even though
// nunjucks compiles templates with `new Function` inside the simulation worker. The worker script
// must instead be served with WORKER_CSP (which allows eval, and nothing but same-origin fetches).
// A blob: or data: worker WOULD inherit the document's policy and could not eval: the renderer must
// load its worker from a file (Vite's default), never `?worker&inline`.

export type Directives = Record<string, readonly string[]>;

export function serializeCsp(directives: Directives): string {
  return Object.entries(directives).map(([name, values]) => [name, ...values].join(' ')).join('; ');
}

export const DOCUMENT_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  // sql.js compiles its WebAssembly module: 'wasm-unsafe-eval' allows that and nothing else.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The simulation worker, from a same-origin file (not blob:, which would inherit this policy).
  'worker-src': ["'self'"],
  // Svelte templates and D3 set inline style attributes; styles cannot run code.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // sql-wasm.wasm comes from the app's own origin; Attach… reads a `windtunnel serve` on this
  // machine (loopback only: nothing on the network is reachable).
  'connect-src': ["'self'", 'http://127.0.0.1:*', 'http://localhost:*'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const WORKER_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  // nunjucks compiles each template with `new Function`; sql.js instantiates WebAssembly.
  'script-src': ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
  'connect-src': ["'self'"],
  'worker-src': ["'none'"],
};

export const DOCUMENT_CSP = serializeCsp(DOCUMENT_DIRECTIVES);
export const WORKER_CSP = serializeCsp(WORKER_DIRECTIVES);

/**
 * The CSP header for a response. Browsers apply a CSP header only to documents and worker
 * scripts (it is ignored on a script loaded by a <script> tag), so every JavaScript response can
 * carry the worker policy: it takes effect only when that file starts a worker.
 */
export function cspForContentType(contentType: string): string | null {
  const type = contentType.split(';')[0].trim().toLowerCase();
  // An SVG opened on its own is a document that could run script: it gets the strict policy too.
  if (type === 'text/html' || type === 'image/svg+xml') return DOCUMENT_CSP;
  if (type === 'text/javascript' || type === 'application/javascript') return WORKER_CSP;
  return null;
}
