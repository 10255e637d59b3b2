// Reads a file of the built renderer (dist/renderer) for a URL path, with the headers both the
// desktop app:// protocol and the browser fallback's server send: MIME type, CSP, no sniffing.
// Node-only (no electron import) so scripts and tests use it as it is.
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { cspForContentType } from '../common/csp.js';
import { mimeType, safeRelativePath } from '../common/static_paths.js';

export interface FileResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function plain(status: number, text: string): FileResponse {
  const body = new TextEncoder().encode(text + '\n');
  return {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.byteLength) },
    body,
  };
}

/** `root` must be absolute. Symlinks inside the root may not lead outside it. */
export async function readRendererFile(root: string, pathname: string): Promise<FileResponse> {
  const rel = safeRelativePath(pathname);
  if (rel === null) return plain(400, 'Bad request');
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(realRoot, ...rel.split('/')));
  } catch {
    return plain(404, 'Not found');
  }
  if (!real.startsWith(realRoot + sep)) return plain(404, 'Not found');
  try {
    const s = await stat(real);
    if (!s.isFile()) return plain(404, 'Not found');
    const body = new Uint8Array(await readFile(real));
    const type = mimeType(real);
    const headers: Record<string, string> = { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': String(body.byteLength) };
    const csp = cspForContentType(type);
    if (csp) headers['Content-Security-Policy'] = csp;
    return { status: 200, headers, body };
  } catch {
    return plain(404, 'Not found');
  }
}
