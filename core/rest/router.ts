// Method + path -> which Airflow REST API v2 endpoint answers, as Starlette routes a request in
// Airflow 3.0/3.1's api-server: the public routes under /api/v2, then the app's catch-alls
// (core_api/app.py init_views): GET /api/v1/{path} -> 404 {"error": "/api/v1 has been removed..."},
// GET /api/{path} -> 404 {"error": "API route not found"}, GET /{path} -> 200 (the UI's index.html).
// Because those catch-alls are GET routes matching every path, any other method on a path no
// endpoint serves gets 405 {"detail": "Method Not Allowed"} (Starlette's partial match), never 404.
import { knownRoutes, type KnownRoute } from './known_routes.js';
import { parseQueryString, type QueryParams } from './query.js';
import { normalizeRequestPath, splitTarget } from './request_path.js';
import type { RestProfile } from './profile.js';

/** The endpoints Windtunnel simulates. */
export type RouteName =
  | 'list_dags'
  | 'get_dag'
  | 'list_dag_runs'
  | 'trigger_dag_run'
  | 'get_dag_run'
  | 'list_task_instances'
  | 'create_backfill'
  | 'create_backfill_dry_run'
  | 'list_asset_events'
  | 'create_asset_event'
  | 'get_version';

const SIMULATED: [string, string, RouteName][] = [
  ['GET', '/dags', 'list_dags'],
  ['GET', '/dags/{dag_id}', 'get_dag'],
  ['GET', '/dags/{dag_id}/dagRuns', 'list_dag_runs'],
  ['POST', '/dags/{dag_id}/dagRuns', 'trigger_dag_run'],
  ['GET', '/dags/{dag_id}/dagRuns/{dag_run_id}', 'get_dag_run'],
  ['GET', '/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances', 'list_task_instances'],
  ['POST', '/backfills', 'create_backfill'],
  ['POST', '/backfills/dry_run', 'create_backfill_dry_run'],
  ['GET', '/assets/events', 'list_asset_events'],
  ['POST', '/assets/events', 'create_asset_event'],
  ['GET', '/version', 'get_version'],
];

export type RouteResult =
  /** A simulated endpoint: the engine answers it. */
  | { kind: 'route'; route: RouteName; method: string; path: string; params: Record<string, string>; query: QueryParams }
  /** A real Airflow endpoint that Windtunnel does not simulate. */
  | { kind: 'unsupported'; method: string; path: string; template: string; params: Record<string, string>; query: QueryParams }
  /** Answered by routing alone (404, 405, the UI page). */
  | { kind: 'response'; status: number; body: unknown; headers: Record<string, string> };

export const API_PREFIX = '/api/v2';

export const NOT_ALLOWED_BODY = { detail: 'Method Not Allowed' } as const;
export const API_ROUTE_NOT_FOUND_BODY = { error: 'API route not found' } as const;
export const API_V1_REMOVED_BODY = {
  error: '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.',
} as const;

/** A template split once: each segment a literal, or a parameter name. */
interface CompiledRoute { route: KnownRoute; segments: { param: string | null; text: string }[] }

const compiled = new Map<RestProfile, CompiledRoute[]>();
/** The profile's routes, split once per profile (routing runs on every request of `windtunnel serve`). */
function compiledRoutes(profile: RestProfile): CompiledRoute[] {
  let c = compiled.get(profile);
  if (!c) {
    c = knownRoutes(profile).map((route) => ({
      route, segments: route.template.split('/').map((s) => ({ param: /^\{(\w+)\}$/.exec(s)?.[1] ?? null, text: s })),
    }));
    compiled.set(profile, c);
  }
  return c;
}

/** Match a template like "/dags/{dag_id}" against a decoded path's segments; parameters match [^/]+. */
function matchTemplate(t: CompiledRoute['segments'], p: string[]): Record<string, string> | null {
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const param = t[i].param;
    if (param !== null) {
      if (p[i] === '') return null;
      params[param] = p[i];
    } else if (t[i].text !== p[i]) {
      return null;
    }
  }
  return params;
}

/** Static segments win over parameters where two templates match the same path. */
function specificity(template: string): string {
  return template.split('/').map((s) => (s.startsWith('{') ? '1' : '0')).join('');
}

function methodMatches(route: KnownRoute, method: string): boolean {
  return route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET'));
}

/**
 * Route `method target` (target = path with optional ?query; the method is upper-cased). The path is
 * percent-decoded once before matching, as the ASGI server does, so `%2B` in a run_id is "+"; the
 * spellings that could be read two ways (an encoded "/", double encoding, dot segments...) are
 * refused by normalizeRequestPath, the same decoding `windtunnel serve` checks the token on.
 */
export function routeRequest(profile: RestProfile, method: string, target: string): RouteResult {
  const m = method.toUpperCase();
  const { rawPath, rawQuery } = splitTarget(target);
  const query = parseQueryString(rawQuery);
  const decoded = normalizeRequestPath(rawPath);
  if (!decoded.ok) return { kind: 'response', status: decoded.status, body: { detail: decoded.detail }, headers: {} };
  const path = decoded.path;

  if (path.startsWith(API_PREFIX + '/')) {
    const rel = path.slice(API_PREFIX.length);
    const segments = rel.split('/');
    const matches = compiledRoutes(profile)
      .map((c) => ({ r: c.route, params: matchTemplate(c.segments, segments) }))
      .filter((x): x is { r: KnownRoute; params: Record<string, string> } => x.params !== null)
      .sort((a, b) => (specificity(a.r.template) < specificity(b.r.template) ? -1 : specificity(a.r.template) > specificity(b.r.template) ? 1 : 0));
    const full = matches.find((x) => methodMatches(x.r, m));
    if (full) {
      const lookup = m === 'HEAD' ? 'GET' : m;
      const sim = SIMULATED.find(([sm, st]) => sm === lookup && st === full.r.template);
      if (sim) return { kind: 'route', route: sim[2], method: m, path, params: full.params, query };
      return { kind: 'unsupported', method: m, path, template: API_PREFIX + full.r.template, params: full.params, query };
    }
    if (matches.length) {
      return { kind: 'response', status: 405, body: NOT_ALLOWED_BODY, headers: { allow: matches[0].r.methods.join(', ') } };
    }
  }

  if (m !== 'GET' && m !== 'HEAD') return { kind: 'response', status: 405, body: NOT_ALLOWED_BODY, headers: { allow: 'GET' } };
  if (path.startsWith('/api/v1/')) return { kind: 'response', status: 404, body: API_V1_REMOVED_BODY, headers: {} };
  if (path.startsWith('/api/')) return { kind: 'response', status: 404, body: API_ROUTE_NOT_FOUND_BODY, headers: {} };
  return { kind: 'response', status: 200, body: null, headers: { 'content-type': 'text/html; charset=utf-8' } };
}
