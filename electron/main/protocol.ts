// The app:// scheme: serves dist/renderer to the window with the same headers (CSP, MIME types)
// as the browser fallback's server. A standard, secure scheme gives the page a real origin, so
// fetch (sql-wasm.wasm), module workers and relative URLs work, which file:// would not allow.
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from '../common/ipc.js';
import { readRendererFile } from '../node/renderer_files.js';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true },
};

/** The protocol.handle handler for app://windtunnel/…, reading files under `root`. */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const file = await readRendererFile(root, url.pathname);
    return new Response(request.method === 'HEAD' ? null : file.body, { status: file.status, headers: file.headers });
  };
}
