// Who may reach what in `windtunnel serve`. The decision is made on the router's own answer for
// the request (core/rest/router.ts, on the one decoded path), so the token check and the routing
// can never read a path two ways. Open without a token: what Airflow 3.1's api-server leaves open
// (api_fastapi/core_api/routes/public/__init__.py mounts version, monitor and auth outside the
// authenticated router) and the router's own refusals (404/405/400), which carry no data. Every
// other route, including /windtunnel/*, needs the bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { RouteResult } from '../../core/index.js';

/** Endpoints Airflow 3.1 serves without authentication. */
export const OPEN_TEMPLATES: ReadonlySet<string> = new Set(['/api/v2/version', '/api/v2/monitor/health', '/api/v2/auth/login', '/api/v2/auth/logout']);

export function needsToken(routed: RouteResult): boolean {
  if (routed.kind === 'route') return routed.route !== 'get_version';
  if (routed.kind === 'unsupported') return !OPEN_TEMPLATES.has(routed.template);
  // The router's own answers: refusals are open (as Airflow's catch-alls are); anything else is not.
  return routed.status < 400;
}

export type TokenCheck = 'ok' | 'missing' | 'invalid';

/** "Authorization: Bearer <token>", compared in constant time. */
export function checkBearer(header: string | undefined, token: Buffer): TokenCheck {
  if (!header) return 'missing';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m) return 'missing';
  const given = Buffer.from(m[1], 'utf8');
  return given.length === token.length && timingSafeEqual(given, token) ? 'ok' : 'invalid';
}
