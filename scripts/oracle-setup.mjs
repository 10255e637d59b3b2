// `npm run oracle:setup [-- --profile P]`: the real-Airflow oracle's environments, idempotently.
// Per profile: a venv at oracle/.venvs/<P> installed from oracle/locks/<P>.txt (skipped when the lock's
// hash matches the venv's stamp), the harness (oracle/, --no-deps) in it, and a migrated template
// database on the local PostgreSQL (`airflow db migrate` once; scenarios clone it). The 3.1 venv also
// gets oracle/locks/dev.txt (ruff, mypy, pytest) for the test stage.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const oracle = join(root, 'oracle');
const PROFILES = { '3.0': '3.0.6', '3.1': '3.1.8', '3.2': '3.2.2', '3.3': '3.3.2', '2': '2.11.2' };
const UV_VERSION = '0.13.9';
const PG_SERVER = process.env.WINDTUNNEL_ORACLE_PG ?? 'postgresql://windtunnel:windtunnel@127.0.0.1:5432';

function fail(message) {
  console.error(`oracle:setup: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error) return { ok: false, out: String(r.error.message) };
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** PyPI unreachable is the common failure on a fresh machine: say so in one line. */
function pipFailure(what, out) {
  if (/Failed to fetch|Could not connect|ConnectError|Network is unreachable|Temporary failure in name resolution|Max retries exceeded|dns error/i.test(out)) {
    fail(`cannot reach PyPI (https://pypi.org) while ${what}; check the network or a proxy (PIP_INDEX_URL / UV_INDEX_URL)`);
  }
  fail(`${what} failed:\n${out.split('\n').slice(-15).join('\n')}`);
}

function parseArgs() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--profile');
  if (i < 0) return Object.keys(PROFILES);
  const p = args[i + 1];
  if (!p || !(p in PROFILES)) fail(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  return [p];
}

/** uv from PyPI into a tools venv; null means "fall back to python -m venv + pip". */
function findUv() {
  const tools = join(oracle, '.venvs', 'tools');
  const uv = join(tools, 'bin', 'uv');
  if (existsSync(uv) && run(uv, ['--version']).out.includes(UV_VERSION)) return uv;
  console.log(`oracle:setup: installing uv ${UV_VERSION} into oracle/.venvs/tools`);
  if (!run('python3', ['-m', 'venv', tools]).ok) return null;
  const r = run(join(tools, 'bin', 'pip'), ['install', '-q', `uv==${UV_VERSION}`]);
  if (!r.ok) {
    if (/Could not find|ConnectionError|Network|resolve/i.test(r.out)) pipFailure(`installing uv ${UV_VERSION}`, r.out);
    return null;
  }
  return uv;
}

function hashOf(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex');
}

function ensureVenv(uv, profile) {
  const venv = join(oracle, '.venvs', profile);
  const python = join(venv, 'bin', 'python');
  const lock = join(oracle, 'locks', `${profile}.txt`);
  // 3.x venvs also get the official REST client of their version (the conformance check); 3.1 the dev tools.
  const extras = { '3.0': ['client-3.0.txt'], '3.1': ['dev.txt', 'client-3.1.txt'], '3.2': ['client-3.2.txt'], '3.3': ['client-3.3.txt'] }[profile] ?? [];
  const locks = [lock, ...extras.map((e) => join(oracle, 'locks', e))];
  const stamp = join(venv, '.windtunnel-lock.sha256');
  const want = hashOf(locks);
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) {
    console.log(`oracle:setup: ${profile}: venv up to date (apache-airflow ${PROFILES[profile]})`);
  } else {
    console.log(`oracle:setup: ${profile}: installing apache-airflow ${PROFILES[profile]} from oracle/locks/${profile}.txt`);
    const t0 = Date.now();
    if (!existsSync(python)) {
      const r = uv ? run(uv, ['venv', '-q', '--python', 'python3.11', venv]) : run('python3', ['-m', 'venv', venv]);
      if (!r.ok) fail(`${profile}: cannot create the venv: ${r.out.trim()}`);
    }
    for (const l of locks) {
      const r = uv
        ? run(uv, ['pip', 'install', '-q', '--python', python, '-r', l])
        : run(join(venv, 'bin', 'pip'), ['install', '-q', '-r', l]);
      if (!r.ok) pipFailure(`installing ${l.slice(root.length + 1)}`, r.out);
    }
    writeFileSync(stamp, `${want}\n`);
    console.log(`oracle:setup: ${profile}: installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (profile !== '2' || existsSync(join(oracle, 'src', 'windtunnel_oracle', 'af2'))) {
    const r = uv
      ? run(uv, ['pip', 'install', '-q', '--python', python, '--no-deps', '-e', oracle])
      : run(join(venv, 'bin', 'pip'), ['install', '-q', '--no-deps', '-e', oracle]);
    if (!r.ok) fail(`${profile}: cannot install the harness: ${r.out.trim()}`);
  }
  ensureBytecode(python, venv, want);
  return python;
}

/**
 * Python bytecode for the whole venv, written once. uv installs without it and PYTHONDONTWRITEBYTECODE
 * (set on CI and dev machines here) stops Python from caching it, so every oracle process compiled
 * Airflow's ~1,900 modules again: about 10 s of CPU per process start, measured with cProfile.
 */
function ensureBytecode(python, venv, want) {
  const stamp = join(venv, '.windtunnel-bytecode.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) return;
  const t0 = Date.now();
  const site = run(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']).out.trim();
  // Exit status ignored: a few packages ship test files that do not compile; they are never imported.
  run(python, ['-m', 'compileall', '-q', '-j', '2', site]);
  writeFileSync(stamp, `${want}\n`);
  console.log(`oracle:setup: ${venv.split('/').pop()}: bytecode compiled in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** The local PostgreSQL running, with the harness's role (CI and dev machines: the Debian cluster). */
function ensurePostgres() {
  const ls = run('pg_lsclusters', ['--no-header']);
  if (!ls.ok) fail('PostgreSQL is not installed (Debian: apt-get install -y postgresql)');
  const line = ls.out.trim().split('\n').find((l) => l.trim());
  if (!line) fail('no PostgreSQL cluster found (pg_createcluster 15 main --start)');
  const [version, cluster, , status] = line.trim().split(/\s+/);
  if (status !== 'online') {
    console.log(`oracle:setup: starting PostgreSQL ${version}/${cluster}`);
    const r = run('pg_ctlcluster', [version, cluster, 'start']);
    if (!r.ok) fail(`cannot start PostgreSQL ${version}/${cluster}: ${r.out.trim()}`);
  }
  const url = new URL(PG_SERVER);
  const role = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const sql = `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN ` +
    `CREATE ROLE "${role}" LOGIN SUPERUSER PASSWORD '${password}'; END IF; END $$;`;
  const asPostgres = process.getuid?.() === 0 ? ['su', 'postgres', '-c'] : null;
  const r = asPostgres
    ? run(asPostgres[0], [...asPostgres.slice(1), `psql -qAt -c "${sql.replaceAll('"', '\\"').replaceAll('$', '\\$')}"`], { cwd: '/tmp' })
    : run('psql', ['-qAt', '-c', sql]);
  if (!r.ok) fail(`cannot create the PostgreSQL role ${role}: ${r.out.trim()}`);
}

function psql(python, sql, database = 'postgres') {
  const code = 'import sys, psycopg2\nfrom urllib.parse import urlsplit\n' +
    'u = urlsplit(sys.argv[1]); c = psycopg2.connect(host=u.hostname, port=u.port, user=u.username, password=u.password, dbname=sys.argv[2])\n' +
    'c.autocommit = True; cur = c.cursor(); cur.execute(sys.argv[3]); print(cur.fetchone()[0] if cur.description else "")';
  return run(python, ['-c', code, PG_SERVER, database, sql]);
}

function ensureTemplate(python, profile) {
  const name = `wt_template_${profile.replaceAll('.', '_')}`;
  // The schema depends on the Airflow release only, not on the rest of the lock.
  const stampOf = `apache-airflow ${PROFILES[profile]}`;
  const exists = psql(python, `SELECT coalesce((SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${name}'), '')`);
  if (!exists.ok) fail(`PostgreSQL at ${PG_SERVER}: ${exists.out.trim().split('\n').pop()}`);
  if (exists.out.trim() === `windtunnel ${stampOf}`) {
    console.log(`oracle:setup: ${profile}: template database ${name} up to date`);
    return;
  }
  console.log(`oracle:setup: ${profile}: airflow db migrate into ${name}`);
  const t0 = Date.now();
  psql(python, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(python, `CREATE DATABASE ${name}`);
  const home = join(oracle, '.venvs', `home-${profile}`);
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    AIRFLOW_HOME: home,
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `${PG_SERVER.replace('postgresql://', 'postgresql+psycopg2://')}/${name}`,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
  };
  const r = run(join(oracle, '.venvs', profile, 'bin', 'airflow'), ['db', 'migrate'], { env });
  if (!r.ok) fail(`${profile}: airflow db migrate failed:\n${r.out.split('\n').slice(-15).join('\n')}`);
  psql(python, `ALTER DATABASE ${name} IS_TEMPLATE true`);
  psql(python, `COMMENT ON DATABASE ${name} IS 'windtunnel ${stampOf}'`);
  console.log(`oracle:setup: ${profile}: template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const profiles = parseArgs();
if (!existsSync(join(oracle, 'locks'))) fail('oracle/locks is missing');
mkdirSync(join(oracle, '.venvs'), { recursive: true });
const uv = findUv();
if (!uv) console.log('oracle:setup: uv unavailable: using python3 -m venv + pip (slower)');
ensurePostgres();
for (const profile of profiles) {
  const python = ensureVenv(uv, profile);
  ensureTemplate(python, profile);
}
console.log(`oracle:setup: ready (${profiles.join(', ')})`);
