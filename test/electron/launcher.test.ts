import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayProblem, findElectronBinary, launch, platformExecutable } from '../../electron/node/launcher.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-launch-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

/** A project whose node_modules/electron is in a given state. */
function project(state: 'no-package' | 'no-path-txt' | 'missing-binary' | 'ok'): string {
  const root = join(dir, 'project');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"p"}');
  if (state === 'no-package') return root;
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.3.4","main":"index.js"}');
  // index.js would download the binary if required: it must never be loaded.
  writeFileSync(join(pkg, 'index.js'), 'throw new Error("index.js was required")');
  if (state === 'no-path-txt') return root;
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (state === 'missing-binary') return root;
  mkdirSync(join(pkg, 'dist'));
  writeFileSync(join(pkg, 'dist', 'electron'), '#!/bin/sh\n');
  return root;
}

describe('findElectronBinary', () => {
  it('reports each way the binary can be missing, without loading electron', () => {
    expect(findElectronBinary(project('no-package'), {}, 'linux')).toEqual({ ok: false, reason: 'the electron package is not installed' });
    rmSync(join(dir, 'project'), { recursive: true });
    expect(findElectronBinary(project('no-path-txt'), {}, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/never downloaded/) });
    rmSync(join(dir, 'project'), { recursive: true });
    expect(findElectronBinary(project('missing-binary'), {}, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
    rmSync(join(dir, 'project'), { recursive: true });
    const root = project('ok');
    expect(findElectronBinary(root, {}, 'linux')).toEqual({ ok: true, path: join(root, 'node_modules', 'electron', 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron does', () => {
    const root = project('no-path-txt');
    const dist = join(dir, 'custom');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/OVERRIDE/) });
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toEqual({ ok: true, path: join(dist, 'electron') });
  });

  it('in this repository: answers at once (the binary is not downloaded here)', () => {
    const started = performance.now();
    const r = findElectronBinary(join(__dirname, '..', '..'), { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(typeof r.ok).toBe('boolean');
  });

  it('knows each platform’s executable', () => {
    expect(platformExecutable('linux')).toBe('electron');
    expect(platformExecutable('win32')).toBe('electron.exe');
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
  });
});

describe('displayProblem', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(displayProblem({}, 'linux')).toMatch(/no display/);
    expect(displayProblem({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(displayProblem({}, 'darwin')).toBeNull();
    expect(displayProblem({}, 'win32')).toBeNull();
  });
});

describe('launch', () => {
  const script = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  };

  it('fails when the binary cannot be spawned', async () => {
    const r = await launch(join(dir, 'does-not-exist'), [], { graceMs: 2000 });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/could not start .*ENOENT/) });
  });

  it('fails when it exits at once with an error, quoting its last stderr line', async () => {
    const bin = script('crash.sh', 'echo "error while loading shared libraries: libnss3.so" >&2; exit 127');
    const r = await launch(bin, [], { graceMs: 2000 });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/status 127.*libnss3/) });
  });

  it('counts a process still running after the grace period as launched', async () => {
    const bin = script('app.sh', 'sleep 1; exit 3');
    const r = await launch(bin, ['--flag'], { graceMs: 200 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(await r.exited).toBe(3);
  });

  it('counts a clean early exit as launched (e.g. handed over to a running instance)', async () => {
    const r = await launch(script('handoff.sh', 'exit 0'), [], { graceMs: 2000 });
    expect(r.ok).toBe(true);
  });
});
