import { describe, expect, it } from 'vitest';
import { mimeType, safeRelativePath } from '../../electron/common/static_paths.js';

describe('safeRelativePath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/index-abc.js', 'assets/index-abc.js'],
    ['/assets/', 'assets/index.html'],
    ['/a%20b.txt', 'a b.txt'],
    ['/fonts/DejaVuSans.ttf', 'fonts/DejaVuSans.ttf'],
  ])('%s → %s', (p, expected) => {
    expect(safeRelativePath(p)).toBe(expected);
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/assets/..%2f..%2fsecret',
    '/..\\..\\windows',
    '/a%5c..%5csecret',
    '/.git/config',
    '/.env',
    '/./index.html',
    '/a//b',
    '/%00',
    '/a%0a',
    '/%E0%A4%A',
    '/C:/windows/win.ini',
    'relative/path',
    '',
  ])('refuses %s', (p) => {
    expect(safeRelativePath(p)).toBeNull();
  });
});

describe('mimeType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/sql-wasm-abc.wasm', 'application/wasm'],
    ['DejaVuSans.ttf', 'font/ttf'],
    ['x.woff2', 'font/woff2'],
    ['ICON.PNG', 'image/png'],
    ['x.svg', 'image/svg+xml'],
    ['x.json', 'application/json; charset=utf-8'],
    ['no-extension', 'application/octet-stream'],
    ['x.exe', 'application/octet-stream'],
  ])('%s → %s', (p, expected) => {
    expect(mimeType(p)).toBe(expected);
  });
});
