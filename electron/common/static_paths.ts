// URL path → file path rules shared by the app:// protocol handler and the browser fallback's
// static server. Pure string work: the callers join the result onto their root directory.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(path: string): string {
  const m = /\.[A-Za-z0-9]+$/.exec(path);
  return (m && MIME[m[0].toLowerCase()]) || 'application/octet-stream';
}

/**
 * The relative file path a URL pathname names, as '/'-joined segments, or null when the request
 * must be refused: undecodable escapes, NUL, backslashes, '..' or '.' segments (also when
 * percent-encoded), hidden files. '/' and directory paths name their index.html.
 */
export function safeRelativePath(pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  const segments: string[] = [];
  const raw = pathname.slice(1).split('/');
  for (let i = 0; i < raw.length; i++) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw[i]);
    } catch {
      return null;
    }
    if (seg === '') {
      if (i === raw.length - 1) { segments.push('index.html'); break; }
      return null; // '//' in the middle
    }
    if (seg === '.' || seg === '..' || seg.startsWith('.')) return null;
    if (/[\\/\0:]/.test(seg) || /[\x00-\x1f]/.test(seg)) return null;
    segments.push(seg);
  }
  if (segments.length === 0) segments.push('index.html');
  return segments.join('/');
}
