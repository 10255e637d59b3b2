import { describe, expect, it } from 'vitest';
import { DOCUMENT_CSP, WORKER_CSP, cspForContentType, serializeCsp } from '../../electron/common/csp.js';

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => { const [k, ...v] = d.split(' '); return [k, v]; }));

describe('CSP', () => {
  it('is the exact document policy (a change here is a security review)', () => {
    expect(DOCUMENT_CSP).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
      "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' http://127.0.0.1:* http://localhost:*; object-src 'none'; frame-src 'none'; " +
      "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('lets the document compile WebAssembly but never eval, inline script or load from elsewhere', () => {
    const d = directives(DOCUMENT_CSP);
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(DOCUMENT_CSP).not.toContain("'unsafe-eval'");
    expect(d['script-src']).not.toContain("'unsafe-inline'");
    expect(d['worker-src']).toEqual(["'self'"]); // no blob: workers: they would inherit this policy
    // Attach… may read a `windtunnel serve` on this machine, and nothing else elsewhere.
    expect(d['connect-src']).toEqual(["'self'", 'http://127.0.0.1:*', 'http://localhost:*']);
    const others = Object.entries(d).filter(([k]) => k !== 'connect-src').map(([, v]) => (v as string[]).join(' ')).join(' ');
    expect(others).not.toMatch(/https?:|\*/);
  });

  it('lets the worker eval (nunjucks) and compile WebAssembly (sql.js), and nothing else', () => {
    const w = directives(WORKER_CSP);
    expect(w['default-src']).toEqual(["'none'"]);
    expect(w['script-src']).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    expect(w['connect-src']).toEqual(["'self'"]);
    expect(w['worker-src']).toEqual(["'none'"]);
  });

  it('picks the policy by content type: documents strict, scripts the worker policy, others none', () => {
    expect(cspForContentType('text/html; charset=utf-8')).toBe(DOCUMENT_CSP);
    expect(cspForContentType('image/svg+xml')).toBe(DOCUMENT_CSP);
    expect(cspForContentType('text/javascript; charset=utf-8')).toBe(WORKER_CSP);
    expect(cspForContentType('application/javascript')).toBe(WORKER_CSP);
    expect(cspForContentType('application/wasm')).toBeNull();
    expect(cspForContentType('text/css')).toBeNull();
  });

  it('serializes directives in order', () => {
    expect(serializeCsp({ a: ['x'], b: ['y', 'z'] })).toBe('a x; b y z');
  });
});
