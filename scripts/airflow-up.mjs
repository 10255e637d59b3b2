// `npm run airflow:up -- --profile P [--dags DIR] [--port N] [--detach]`: the profile's real Airflow 3
// (api-server, scheduler with LocalExecutor, dag-processor) on 127.0.0.1, on a fresh PostgreSQL database
// cloned from the profile's migrated template (`npm run oracle:setup` makes both). In the foreground
// Ctrl-C stops it; with --detach it keeps running and `npm run airflow:down -- --profile P` stops it.
// Every wait is bounded. State (pids, URL, database) is in <home>/windtunnel-up.json.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROFILES = ['3.0', '3.1', '3.2', '3.3'];
const STOP_GRACE_MS = 20_000;

const { values: opts } = parseArgs({
  options: {
    profile: { type: 'string', default: '3.3' },
    dags: { type: 'string' },
    port: { type: 'string', default: '28080' },
    home: { type: 'string' },
    detach: { type: 'boolean', default: false },
    down: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '240' },
  },
});

function fail(message, code = 1) {
  process.stderr.write(`airflow:up: ${message}\n`);
  process.exit(code);
}

if (!PROFILES.includes(opts.profile)) fail(`--profile must be one of ${PROFILES.join(', ')} (Airflow 2 has no api-server), not '${opts.profile}'`, 2);
const port = Number(opts.port);
if (!Number.isInteger(port) || port < 1024 || port > 65535) fail(`--port must be 1024..65535, not '${opts.port}'`, 2);
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout must be a positive number of seconds, not '${opts.timeout}'`, 2);

const venv = join(ROOT, 'oracle', '.venvs', opts.profile);
const python = join(venv, 'bin', 'python');
const airflow = join(venv, 'bin', 'airflow');
const home = resolve(opts.home ?? join(ROOT, 'tmp', 'airflow', opts.profile));
const stateFile = join(home, 'windtunnel-up.json');
const database = `wt_up_${opts.profile.replaceAll('.', '_')}`;

/** Stops every process group we started: SIGTERM, then SIGKILL after a bounded grace. */
async function stopAll(pids) {
  for (const pid of pids) { try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ } }
  const deadline = Date.now() + STOP_GRACE_MS;
  const alive = (pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } };
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  for (const pid of pids.filter(alive)) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
}

if (opts.down) {
  if (!existsSync(stateFile)) fail(`nothing to stop: ${stateFile} is missing`);
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  await stopAll(state.pids);
  rmSync(stateFile, { force: true });
  process.stdout.write(`airflow:down: stopped Airflow ${opts.profile} (${state.url})\n`);
  process.exit(0);
}

if (!existsSync(airflow)) fail(`${airflow} is missing: run npm run oracle:setup`);
if (existsSync(stateFile)) {
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const running = state.pids.some((pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } });
  if (running) fail(`Airflow ${opts.profile} already runs from ${home} (${state.url}): npm run airflow:down -- --profile ${opts.profile}`);
}

const dags = resolve(opts.dags ?? join(home, 'dags'));
mkdirSync(dags, { recursive: true });
mkdirSync(join(home, 'logs'), { recursive: true });
mkdirSync(join(home, 'plugins'), { recursive: true });

// A fresh database from the migrated template (seconds, not airflow db migrate's minutes).
const clone = spawnSync(python, ['-c', [
  'import sys',
  'from windtunnel_oracle.common.database import clone_template, template_name, sqlalchemy_url',
  `clone_template(template_name(${JSON.stringify(opts.profile)}), ${JSON.stringify(database)})`,
  `print(sqlalchemy_url(${JSON.stringify(database)}))`,
].join('\n')], { encoding: 'utf8', timeout: 60_000 });
if (clone.status !== 0) fail(`cannot make database ${database}: ${(clone.stderr || clone.error?.message || '').trim().split('\n').pop()}`);
const sqlUrl = clone.stdout.trim();

const url = `http://127.0.0.1:${port}`;
// Loopback only and documented: not a secret.
const USER = 'admin';
const PASSWORD = 'admin';
writeFileSync(join(home, 'simple_auth_manager_passwords.json'), `${JSON.stringify({ [USER]: PASSWORD })}\n`);
const env = {
  ...process.env,
  AIRFLOW_HOME: home,
  AIRFLOW__CORE__DAGS_FOLDER: dags,
  AIRFLOW__CORE__PLUGINS_FOLDER: join(home, 'plugins'),
  AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
  AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
  AIRFLOW__CORE__PARALLELISM: '8',
  AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
  AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
  AIRFLOW__CORE__AUTH_MANAGER: 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
  // One admin user, password in a file under the home: tokens come from POST /auth/token, and a request
  // without one is refused as on a real deployment (all-admins mode would let it through).
  AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: 'False',
  AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${USER}:admin`,
  AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: join(home, 'simple_auth_manager_passwords.json'),
  AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: sqlUrl,
  AIRFLOW__API__HOST: '127.0.0.1',
  AIRFLOW__API__PORT: String(port),
  AIRFLOW__API__BASE_URL: url,
  AIRFLOW__API__WORKERS: '1',
  // Loopback only, never a secret: lets tests mint nothing and still get tokens from /auth/token.
  AIRFLOW__API_AUTH__JWT_SECRET: 'windtunnel-airflow-up-loopback',
  AIRFLOW__API__SECRET_KEY: 'windtunnel-airflow-up-loopback',
  // 3.0.6 answers /auth/token with 500 ("Issuer (iss) must be a string") unless an issuer is set.
  AIRFLOW__API_AUTH__JWT_ISSUER: 'windtunnel-airflow-up',
  AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '5',
  AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL: '5',
  AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC: '1',
  AIRFLOW__LOGGING__LOGGING_LEVEL: 'WARNING',
  AIRFLOW__METRICS__STATSD_ON: 'False',
  PYTHONUNBUFFERED: '1',
};

const roles = [
  ['api-server', ['api-server', '--host', '127.0.0.1', '--port', String(port), '--workers', '1']],
  ['scheduler', ['scheduler']],
  ['dag-processor', ['dag-processor']],
];
const children = roles.map(([name, args]) => {
  const log = openSync(join(home, 'logs', `${name}.log`), 'a');
  const child = spawn(airflow, args, { env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  return { name, child };
});
const pids = children.map((c) => c.child.pid);
writeFileSync(stateFile, `${JSON.stringify({ profile: opts.profile, url, pids, database, dags, home }, null, 2)}\n`);

let stopping = false;
async function shutdown(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) process.stderr.write(`airflow:up: ${why}\n`);
  await stopAll(pids);
  rmSync(stateFile, { force: true });
  process.exit(code);
}
const logTail = (name) => {
  try { return readFileSync(join(home, 'logs', `${name}.log`), 'utf8').trim().split('\n').slice(-5).join('\n'); } catch { return ''; }
};
for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    if (!stopping) void shutdown(1, `${name} exited (${signal ?? `code ${code}`}); its log ends:\n${logTail(name)}`);
  });
}
process.on('SIGINT', () => void shutdown(0, 'stopping (Ctrl-C)'));
process.on('SIGTERM', () => void shutdown(0, 'stopping (SIGTERM)'));

// Ready when the API answers and reports a healthy scheduler and dag processor.
const deadline = Date.now() + timeoutMs;
let last = 'no answer yet';
for (;;) {
  if (Date.now() > deadline) await shutdown(1, `not ready within ${opts.timeout} s (${last}); logs in ${join(home, 'logs')}`);
  try {
    const r = await fetch(`${url}/api/v2/monitor/health`, { signal: AbortSignal.timeout(5000) });
    const body = await r.json();
    last = `health: scheduler ${body.scheduler?.status}, dag processor ${body.dag_processor?.status ?? '?'}`;
    if (r.ok && body.scheduler?.status === 'healthy' && (body.dag_processor?.status ?? 'healthy') === 'healthy') break;
  } catch (err) {
    last = String(err.cause?.code ?? err.message);
  }
  await new Promise((r) => setTimeout(r, 1000));
}
const files = readdirSync(dags).filter((f) => f.endsWith('.py')).length;
process.stdout.write(`Airflow ${opts.profile} ready on ${url} (DAGs folder ${dags}, ${files} file(s); database ${database}; logs ${join(home, 'logs')})\n`);
process.stdout.write(`token: curl -s -X POST ${url}/auth/token -H 'Content-Type: application/json' -d '{"username": "${USER}", "password": "${PASSWORD}"}'\n`);
if (opts.detach) {
  for (const { child } of children) child.unref();
  process.stdout.write(`stop it with: npm run airflow:down -- --profile ${opts.profile}\n`);
  process.exit(0);
}
process.stdout.write('Ctrl-C stops it\n');
