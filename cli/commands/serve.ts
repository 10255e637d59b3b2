// `windtunnel serve FILE`: an Airflow-compatible REST API v2 on 127.0.0.1, backed by a live
// simulation of the scenario whose clock runs with the wall clock (or --speed times faster), so
// existing Airflow clients can drive the simulator unchanged.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatInstant, parseInstant } from '../../core/index.js';
import { runOutputJson } from '../../core/index.js';
import { CliError, loadScenario, loadSql, profileOption } from '../load.js';
import { DEFAULT_BUDGET, LiveSimulation } from '../serve/live.js';
import { DEFAULT_CONNECTION_LIMITS } from '../serve/connection_guard.js';
import { isLoopback, startServer } from '../serve/server.js';
import { checkWork } from '../work_budget.js';

interface ServeOpts {
  port: string;
  host: string;
  speed: string;
  start: string;
  lesson?: string;
  profile?: string;
  force?: boolean;
  maxBody: string;
  tick: string;
  batchMs: string;
  verbose?: boolean;
  saveState?: string;
  withEvents?: boolean;
  maxRuns: string;
  maxRunsPerRequest: string;
  maxConnections: string;
  maxConnectionsPerClient: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the Airflow REST API v2 over a live simulation of the scenario')
    .argument('[file]', 'scenario file (YAML or JSON): its DAGs, pools and assets')
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <addr>', 'address to listen on (loopback unless you mean it)', '127.0.0.1')
    .option('--speed <x>', 'virtual seconds per wall second', '1')
    .option('--start <when>', 'virtual start: now | scenario (its clock.start) | an ISO instant', 'now')
    .option('--lesson <name>', 'serve a built-in lesson instead of a file')
    .option('--profile <profile>', 'answer as this Airflow profile (3.0 to 3.3), whatever the file says')
    .option('--max-body <bytes>', 'largest request body accepted', String(1024 * 1024))
    .option('--tick <ms>', 'how often the clock catches up between requests', '50')
    .option('--batch-ms <ms>', 'gather requests for up to this long after the previous batch (the scheduler acts once per batch)', '5')
    .option('--with-events', 'also replay the scenario\'s own events, at their times after --start')
    .option('--max-runs <n>', 'most dag runs (and asset events) held; past it requests that add get 507 and the clock stops', String(DEFAULT_BUDGET.maxRunsHeld))
    .option('--max-runs-per-request <n>', 'most dag runs one request may create (a bigger backfill gets 422)', String(DEFAULT_BUDGET.maxRunsPerRequest))
    .option('--max-connections <n>', 'open connections in all (past it the longest-idle one is closed)', String(DEFAULT_CONNECTION_LIMITS.maxTotal))
    .option('--max-connections-per-client <n>', 'open connections per client address', String(DEFAULT_CONNECTION_LIMITS.maxPerAddress))
    .option('--save-state <file>', 'on exit, write the run so far as JSON (what `run --format json` prints)')
    .option('--verbose', 'log every request to stderr')
    .option('--force', 'start even when the catch-up at the start is estimated over the work limit')
    .addHelpText('after', [
      '',
      'The bearer token is printed at start, or taken from $WINDTUNNEL_TOKEN. Every route except the',
      'ones Airflow leaves open (GET /api/v2/version, /api/v2/monitor/health, /api/v2/auth/*) needs',
      '"Authorization: Bearer <token>". GET /windtunnel/state?since=<cursor> sends what changed.',
      'Example:',
      '  windtunnel serve --lesson inference-push-rest --speed 60 --port 8080',
      '  curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\',
      '       -d \'{"logical_date": null, "conf": {"input_path": "s3://b/x.csv"}}\' \\',
      '       http://127.0.0.1:8080/api/v2/dags/inference/dagRuns',
      '  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/windtunnel/state > run.json',
    ].join('\n'))
    .action(async (file: string | undefined, opts: ServeOpts) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`windtunnel serve: --port must be 0–65535, not '${opts.port}'`, 2);
      const speed = Number(opts.speed);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000_000) throw new CliError(`windtunnel serve: --speed must be a positive number up to 1000000, not '${opts.speed}'`, 2);
      const maxBody = Number(opts.maxBody);
      if (!Number.isInteger(maxBody) || maxBody < 1024) throw new CliError('windtunnel serve: --max-body must be at least 1024 bytes', 2);
      const tick = Number(opts.tick);
      if (!Number.isFinite(tick) || tick < 1 || tick > 60_000) throw new CliError('windtunnel serve: --tick must be 1–60000 ms', 2);
      const batchMs = Number(opts.batchMs);
      if (!Number.isFinite(batchMs) || batchMs < 0 || batchMs > 1000) throw new CliError('windtunnel serve: --batch-ms must be 0–1000 ms', 2);
      const count = (name: string, text: string, min: number) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < min || n > 100_000_000) throw new CliError(`windtunnel serve: ${name} must be a whole number from ${min} to 100000000, not '${text}'`, 2);
        return n;
      };
      const budget = { maxRunsHeld: count('--max-runs', opts.maxRuns, 1), maxRunsPerRequest: count('--max-runs-per-request', opts.maxRunsPerRequest, 1) };
      const connections = { maxTotal: count('--max-connections', opts.maxConnections, 1), maxPerAddress: count('--max-connections-per-client', opts.maxConnectionsPerClient, 1) };
      const scenario = loadScenario(file, opts.lesson, profileOption(opts.profile, 'serve'));
      let start: number;
      if (opts.start === 'now') start = Math.floor(Date.now() / 1000) * 1000;
      else if (opts.start === 'scenario') start = scenario.clock.start;
      else {
        try { start = parseInstant(opts.start, scenario.config.default_timezone); } catch (err) { throw new CliError(`windtunnel serve: --start: ${(err as Error).message}`, 2); }
      }
      // The work due at once when the clock starts (catch-up from each start_date); later work comes
      // with the wall clock, bounded by the server's own request budgets.
      checkWork(scenario, { file, lesson: opts.lesson, from: start, until: start, force: opts.force });
      const envToken = process.env.WINDTUNNEL_TOKEN;
      if (envToken !== undefined && envToken.length < 16) throw new CliError('windtunnel serve: WINDTUNNEL_TOKEN must be at least 16 characters', 2);
      const token = envToken ?? randomBytes(24).toString('base64url');
      if (!isLoopback(opts.host)) {
        process.stderr.write(`warning: listening on ${opts.host}: the API is reachable from other machines (the token is the only guard, over plain HTTP)\n`);
      }

      const live = new LiveSimulation(scenario, {
        sql: await loadSql(), speed, start, wallClock: () => performance.now(), withEvents: opts.withEvents, budget, instance: randomBytes(6).toString('hex'),
      });
      let running;
      try {
        running = await startServer({
          live, host: opts.host, port, token, maxBodyBytes: maxBody, tickMs: tick, batchMs, connections,
          accessLog: opts.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
          errorLog: (l) => process.stderr.write(`error: ${l}\n`),
        });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new CliError(`windtunnel serve: cannot listen on ${opts.host}:${port}: ${code ?? String(err)}`, 1);
      }
      const s = live.scenario;
      process.stderr.write(`windtunnel serve: scenario ${s.name} (${s.dags.length} DAG(s)), Airflow ${s.airflow} REST API v2\n`);
      process.stderr.write(`clock: starts ${formatInstant(start)}, ${speed}× wall time\n`);
      if (scenario.events.length && !opts.withEvents) process.stderr.write(`events: the scenario's ${scenario.events.length} event(s) are not replayed (--with-events replays them); clients make the events\n`);
      process.stderr.write(`token: ${envToken ? 'from $WINDTUNNEL_TOKEN' : 'generated (set $WINDTUNNEL_TOKEN to choose it)'}: send "Authorization: Bearer <token>"\n`);
      process.stderr.write(`explorer: in the app (npm start), Attach… to ${running.url} with the token to watch it live (GET /windtunnel/state is the run so far)\n`);
      // Machine-readable lines on stdout, for scripts: the base URL and the token.
      process.stdout.write(`url: ${running.url}\ntoken: ${token}\n`);

      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.close();
      if (opts.saveState) {
        try { writeFileSync(opts.saveState, runOutputJson(live.state())); } catch (err) {
          throw new CliError(`${opts.saveState}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
        }
      }
      const c = live.clock();
      process.stderr.write(`windtunnel serve: stopped at ${c.now}: ${c.requests} request(s), ${c.dag_runs} dag run(s)\n`);
    });
}
