// Watching a running `windtunnel serve`: GET /windtunnel/state?since=<cursor> with the bearer token,
// again and again, one request at a time (the next one a second after the previous answer, so a
// slow server is never flooded). Each answer carries only what changed since the cursor, put back
// together into the whole state here (a full state at 64,000 runs cost the server seconds a poll);
// a server that answers a whole state instead (one from before ?since=) is still understood.
// Failures are told apart, because each needs a different fix from the user: a wrong token, a
// server that is not there, an address that is not a Windtunnel server.
import type { RunOutput } from '../../core/index.js';
import { isLiveChanges, LiveStateAssembler } from '../../core/index.js';

export type LiveFailure =
  | { kind: 'unauthorized'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'not_windtunnel'; message: string };

/** `more`: the server has more changes waiting (a catch-up in pages): ask again at once. */
export type LivePoll = { ok: true; output: RunOutput; more: boolean } | { ok: false; failure: LiveFailure };

/** What one watch holds between polls: the state put together so far and the cursor after it. */
export class LiveSession {
  readonly assembler = new LiveStateAssembler();
  cursor: string | null = null;
}

export type FetchLike = (url: string, init: { headers: Record<string, string>; cache: 'no-store'; signal?: AbortSignal }) => Promise<{
  ok: boolean; status: number; json(): Promise<unknown>;
}>;

/** "127.0.0.1:8080", "http://localhost:8080/" → "http://127.0.0.1:8080"; an Error for anything else. */
export function normalizeServerUrl(input: string): string {
  let s = input.trim();
  if (!s) throw new Error('give the server address, e.g. http://127.0.0.1:8080');
  if (!/^[a-z]+:\/\//i.test(s)) s = `http://${s}`;
  let u: URL;
  try { u = new URL(s); } catch { throw new Error(`'${input}' is not an address (e.g. http://127.0.0.1:8080)`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`'${input}': only http:// and https:// servers can be watched`);
  if (u.username || u.password) throw new Error('put the token in the token field, not in the address');
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

export async function pollState(fetchFn: FetchLike, baseUrl: string, token: string, signal?: AbortSignal, session = new LiveSession()): Promise<LivePoll> {
  let res;
  try {
    res = await fetchFn(`${baseUrl}/windtunnel/state?since=${encodeURIComponent(session.cursor ?? '0')}`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, failure: { kind: 'unreachable', message: `cannot reach ${baseUrl}: is \`windtunnel serve\` running there?` } };
  }
  if (res.status === 401 || res.status === 403) {
    return { ok: false, failure: { kind: 'unauthorized', message: `${baseUrl} refused the token (HTTP ${res.status}): use the one \`windtunnel serve\` printed` } };
  }
  if (!res.ok) return { ok: false, failure: { kind: 'not_windtunnel', message: `${baseUrl}/windtunnel/state answered HTTP ${res.status}: not a \`windtunnel serve\`?` } };
  let body: unknown;
  try { body = await res.json(); } catch {
    return { ok: false, failure: { kind: 'not_windtunnel', message: `${baseUrl}/windtunnel/state did not answer JSON: not a \`windtunnel serve\`?` } };
  }
  const o = body as Partial<RunOutput> | null;
  if (!o || o.windtunnel !== 1 || !Array.isArray(o.dag_runs) || !Array.isArray(o.task_instances) || !o.clock) {
    return { ok: false, failure: { kind: 'not_windtunnel', message: `${baseUrl}/windtunnel/state is not a Windtunnel state` } };
  }
  if (isLiveChanges(o)) {
    const output = session.assembler.apply(o);
    session.cursor = o.cursor;
    return { ok: true, output, more: o.more };
  }
  session.cursor = null;
  return { ok: true, output: session.assembler.replace(o as RunOutput), more: false };
}

export interface LiveWatcherOptions {
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  /** Wall ms between an answer and the next request. */
  intervalMs: number;
  onState(output: RunOutput): Promise<void> | void;
  onFailure(f: LiveFailure): void;
  /** setTimeout, injectable for tests. */
  schedule?: (f: () => void, ms: number) => unknown;
  /** A monotonic clock in ms (performance.now), injectable for tests. */
  now?: () => number;
}

/** Polls until stopped. An unreachable server is retried (it may be restarting), backing off to
 * 5 s; a refused token or a foreign server stops the watch, since retrying cannot help. A big
 * state (tens of thousands of runs) takes a while to build, send and draw: the pause after a poll
 * is at least twice what the poll took, so watching never takes more than a third of the
 * server's (or the page's) time. */
export class LiveWatcher {
  private stopped = false;
  private failures = 0;
  private readonly abort = new AbortController();
  private readonly session = new LiveSession();

  constructor(private readonly opts: LiveWatcherOptions) {}

  start(): void { void this.loop(); }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  get running(): boolean { return !this.stopped; }

  private async loop(): Promise<void> {
    const schedule = this.opts.schedule ?? ((f, ms) => setTimeout(f, ms));
    const now = this.opts.now ?? (() => performance.now());
    while (!this.stopped) {
      const t0 = now();
      let poll: LivePoll;
      try {
        poll = await pollState(this.opts.fetch, this.opts.baseUrl, this.opts.token, this.abort.signal, this.session);
      } catch {
        return; // aborted by stop()
      }
      if (this.stopped) return;
      if (poll.ok && poll.more) continue; // a catch-up in pages: the rest at once, drawn when complete
      if (poll.ok) {
        this.failures = 0;
        try { await this.opts.onState(poll.output); } catch { /* the app reports its own errors */ }
      } else {
        this.failures++;
        this.opts.onFailure(poll.failure);
        if (poll.failure.kind !== 'unreachable') { this.stopped = true; return; }
      }
      const took = now() - t0;
      const wait = poll.ok ? Math.max(this.opts.intervalMs, Math.round(2 * took)) : Math.min(5000, this.opts.intervalMs * 2 ** Math.min(this.failures, 3));
      await new Promise<void>((done) => schedule(done, wait));
    }
  }
}
