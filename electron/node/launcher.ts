// What `npm start` needs besides building: find Electron's binary without triggering its download,
// launch it and notice an immediate failure, or fall back to serving the renderer in a browser.
// Never `require('electron')` here: under plain Node that call downloads the binary synchronously
// when it is missing, which blocks (or fails slowly) without network access.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export { startStaticServer } from './static_server.js';
export type { StaticServer } from './static_server.js';

export type Found = { ok: true; path: string } | { ok: false; reason: string };

/** The executable inside Electron's dist directory, per platform (what electron's install.js writes
 * to path.txt). */
export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Locates the Electron binary the `electron` package would run, from `projectRoot`'s
 * node_modules, honouring ELECTRON_OVERRIDE_DIST_PATH as electron itself does. */
export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Found {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || platformExecutable(platform));
    return isFile(p) ? { ok: true, path: p } : { ok: false, reason: `no Electron binary at ELECTRON_OVERRIDE_DIST_PATH (${p})` };
  }
  if (!relative) return { ok: false, reason: "Electron's binary was never downloaded (it downloads on first run, which needs network access)" };
  const p = join(pkgDir, 'dist', relative);
  return isFile(p) ? { ok: true, path: p } : { ok: false, reason: `Electron's binary is missing (${p})` };
}

/** Electron on Linux needs an X11 or Wayland display; a headless shell has neither. */
export function displayProblem(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

export type Launched = { ok: true; child: ChildProcess; exited: Promise<number> } | { ok: false; reason: string };

/**
 * Starts `binary args…` with inherited stdio. A spawn error, or an exit with a non-zero status
 * within `graceMs` (missing shared libraries, no display, a sandbox error), counts as a failed
 * launch, so the caller can fall back; after that the app is considered running.
 */
export function launch(binary: string, args: readonly string[], options: { graceMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Launched> {
  const graceMs = options.graceMs ?? 3000;
  return new Promise((resolve) => {
    let settled = false;
    let child: ChildProcess;
    const settle = (r: Launched) => { if (!settled) { settled = true; clearTimeout(timer); resolve(r); } };
    try {
      // stderr is piped during the grace period (a failure is then summarised in one line) and
      // passed through after it.
      child = spawn(binary, [...args], { stdio: ['inherit', 'inherit', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
    } catch (err) {
      resolve({ ok: false, reason: `could not start ${binary}: ${(err as Error).message}` });
      return;
    }
    let early = '';
    const onEarly = (chunk: Buffer) => { early += chunk.toString('utf8'); };
    child.stderr?.on('data', onEarly);
    const exited = new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 1 : 0))));
    child.once('error', (err) => settle({ ok: false, reason: `could not start ${binary}: ${err.message}` }));
    // 'close' comes after the stdio streams end, so the last stderr line has arrived ('exit' may not).
    child.once('close', (code, signal) => {
      if (code === 0 && !signal) return settle({ ok: true, child, exited });
      const last = early.trim().split('\n').filter(Boolean).pop();
      settle({ ok: false, reason: `Electron exited at once (${signal ?? `status ${code}`})${last ? `: ${last.slice(0, 200)}` : ''}` });
    });
    const timer = setTimeout(() => {
      child.stderr?.off('data', onEarly);
      if (early) process.stderr.write(early);
      child.stderr?.pipe(process.stderr);
      settle({ ok: true, child, exited });
    }, graceMs);
  });
}
