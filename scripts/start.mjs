// `npm start`: build the CLI, the renderer and the Electron bundles, then open the desktop app.
// Where Electron cannot run (its binary was never downloaded, no display, it dies at once), say so
// in one line and serve the renderer on 127.0.0.1 instead. `npm run web` (--web) serves directly.
//
//   node scripts/start.mjs [--web] [--port N] [--no-build] [FILE]
//     --web       skip Electron, serve the renderer in the browser
//     --port N    port for the browser fallback (default 5170; 0 or a taken port: any free one)
//     --no-build  use what is already in dist/
//     FILE        a scenario to open in the desktop app
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 5170;

function parseArgs(argv) {
  const opts = { web: process.env.WINDTUNNEL_WEB === '1', port: DEFAULT_PORT, build: true, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--web') opts.web = true;
    else if (a === '--no-build') opts.build = false;
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? argv[++i] : a.slice('--port='.length);
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--port must be a port number, not '${v}'`, 2);
      opts.port = n;
    } else if (a.startsWith('-')) fail(`unknown option ${a}`, 2);
    else opts.files.push(a);
  }
  return opts;
}

function fail(message, code = 1) {
  process.stderr.write(`windtunnel start: ${message}\n`);
  process.exit(code);
}

/** The launcher (binary detection, launch, static server) is TypeScript: bundle it first. */
async function loadLauncher() {
  const outfile = join(root, 'dist', 'launcher.mjs');
  await build({
    entryPoints: [join(root, 'electron', 'node', 'launcher.ts')], outfile, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

async function buildAll(web) {
  // The CLI is not needed to run the app: a CLI build error is reported but does not stop it.
  await import(pathToFileURL(join(root, 'scripts', 'build-cli.mjs')).href).catch((err) => {
    process.stderr.write(`windtunnel start: the CLI did not build (${String(err.message ?? err).split('\n')[0]}); continuing\n`);
  });
  const { build: viteBuild } = await import('vite');
  try {
    await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', mode: 'production' });
  } catch (err) {
    fail(`the renderer did not build: ${String(err.message ?? err).split('\n')[0]}`);
  }
  if (!web) {
    const { buildElectron } = await import(pathToFileURL(join(root, 'scripts', 'build-electron.mjs')).href);
    await buildElectron({ logLevel: 'error' });
  }
}

async function serve(launcher, port) {
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) fail(`${rendererDir} has no index.html: run npm run build:web`);
  const server = await launcher.startStaticServer({ root: rendererDir, port, host: '127.0.0.1' });
  process.stdout.write(`Windtunnel is running at ${server.url}\n`);
  const stop = () => { void server.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const opts = parseArgs(process.argv.slice(2));
const launcher = await loadLauncher();
if (opts.build) await buildAll(opts.web);

if (opts.web) {
  await serve(launcher, opts.port);
} else {
  let why = launcher.displayProblem();
  if (!why) {
    const found = launcher.findElectronBinary(root);
    if (!found.ok) why = found.reason;
    else {
      const launched = await launcher.launch(found.path, [root, ...opts.files], { cwd: root });
      if (launched.ok) {
        process.once('SIGINT', () => launched.child.kill('SIGINT'));
        process.once('SIGTERM', () => launched.child.kill('SIGTERM'));
        process.exit(await launched.exited);
      }
      why = launched.reason;
    }
  }
  process.stdout.write(`Electron is not available: ${why}. Serving the app in the browser instead.\n`);
  await serve(launcher, opts.port);
}
