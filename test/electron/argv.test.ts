import { describe, expect, it } from 'vitest';
import { documentPathFromArgv } from '../../electron/main/argv.js';

describe('documentPathFromArgv', () => {
  it('reads a packaged app’s argument (file association on Linux and Windows)', () => {
    expect(documentPathFromArgv(['/opt/Windtunnel/windtunnel', '/home/me/s.windtunnel.yaml'], { cwd: '/', isPackaged: true })).toBe('/home/me/s.windtunnel.yaml');
  });

  it('skips the app path in development and resolves relative paths', () => {
    expect(documentPathFromArgv(['/x/electron', '/work/main', 'lessons/a.yaml'], { cwd: '/home/me', isPackaged: false })).toBe('/home/me/lessons/a.yaml');
    expect(documentPathFromArgv(['/x/electron', 'dist/electron/main.cjs'], { cwd: '/home/me', isPackaged: false })).toBeNull();
  });

  it('ignores switches (also those Chromium adds to a second instance) and non-scenarios', () => {
    expect(documentPathFromArgv(['/app', '--no-sandbox', '--allow-file-access-from-files', 'a.json', '--enable-logging'], { cwd: '/d', isPackaged: true })).toBe('/d/a.json');
    expect(documentPathFromArgv(['/app', 'notes.txt'], { cwd: '/d', isPackaged: true })).toBeNull();
    expect(documentPathFromArgv(['/app'], { cwd: '/d', isPackaged: true })).toBeNull();
  });
});
