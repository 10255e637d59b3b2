// The renderer build in Chromium as the desktop shell loads it: a stand-in for the preload defines
// `window.windtunnel` before the page runs (methods of electron/common/ipc.ts's
// WindtunnelDesktopApi, recording each call; events sent the way main sends them) and, like the
// real preload, opens a file dropped on the window unless the page took the drop. Checks what the
// page shows and asks for: lessons through newDocument, the dirty marker and title, dropped files,
// recent files, the export chooser. The model-level contract test is test/renderer/desktop_contract.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { getLesson } from '../../core/index.js';
import { DESKTOP_METHODS } from '../../renderer/lib/desktop.js';
import { buildRenderer, launch, serve, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-desktop-dist');
let browser: Browser;
let baseUrl: string;
let close: () => void;
const shots = shotsDir();

const FILE_A = `windtunnel: 1
name: file-a
clock:
  start: 2025-01-01T00:00:00Z
  end: 2025-01-02T00:00:00Z
dags:
  - dag_id: daily
    schedule: "@daily"
    start_date: 2024-12-30
    catchup: false
    tasks: [{task_id: work, duration: PT10M}]
`;

/** The stand-in preload. Plain JavaScript in a string: it runs in the page before the app. */
const FAKE_PRELOAD = `(() => {
  const calls = [];
  const listeners = { loaded: new Set(), state: new Set(), command: new Set() };
  const disk = { '/home/me/file-a.windtunnel.yaml': ${JSON.stringify(FILE_A)} };
  let recent = [{ path: '/home/me/file-a.windtunnel.yaml', name: 'file-a.windtunnel.yaml' }];
  let doc = { path: null, name: 'untitled', text: ${JSON.stringify(FILE_A.replace('file-a', 'untitled'))}, reason: 'new' };
  let baseline = doc.text;
  const base = (p) => p.slice(p.lastIndexOf('/') + 1);
  const state = () => ({ path: doc.path, name: doc.path ? base(doc.path) : doc.name, dirty: doc.text !== baseline });
  const snapshot = () => structuredClone({ ...state(), text: doc.text, reason: doc.reason });
  const record = (name, arg) => calls.push(arg === undefined ? [name] : [name, structuredClone(arg)]);
  const emit = (kind, payload) => { for (const l of listeners[kind]) l(structuredClone(payload)); };
  const loaded = (reason) => { doc.reason = reason; baseline = doc.text; emit('loaded', snapshot()); return snapshot(); };
  const open = (path, reason) => {
    doc = { path, name: base(path), text: disk[path], reason };
    recent = [{ path, name: base(path) }, ...recent.filter((r) => r.path !== path)];
    return loaded(reason);
  };
  const sub = (kind) => (l) => { listeners[kind].add(l); return () => listeners[kind].delete(l); };
  const api = {
    platform: 'linux',
    currentDocument: async () => { record('currentDocument'); return snapshot(); },
    newDocument: async (req = {}) => { record('newDocument', { name: req.name, chars: req.text?.length }); doc = { path: null, name: req.name ?? 'untitled', text: req.text ?? '', reason: 'new' }; return loaded('new'); },
    openDocument: async () => { record('openDocument'); return open('/home/me/file-a.windtunnel.yaml', 'open'); },
    openRecent: async (path) => { record('openRecent', path); return disk[path] === undefined ? null : open(path, 'open'); },
    openDroppedFile: async (file) => { record('openDroppedFile', file.name); disk['/home/me/' + file.name] = await file.text(); return open('/home/me/' + file.name, 'open'); },
    reloadDocument: async () => { record('reloadDocument'); return doc.path ? open(doc.path, 'reload') : null; },
    saveDocument: async () => { record('saveDocument'); doc.path ??= '/home/me/saved.windtunnel.yaml'; disk[doc.path] = doc.text; baseline = doc.text; emit('state', state()); return { ok: true, path: doc.path }; },
    saveDocumentAs: async () => { record('saveDocumentAs'); return { ok: false, reason: 'canceled' }; },
    recentDocuments: async () => { record('recentDocuments'); return structuredClone(recent); },
    exportRun: async (req) => { record('exportRun', { format: req.format, scale: req.scale, scenario: req.output.scenario, keys: Object.keys(req).sort() }); return { ok: true, path: '/home/me/export.' + req.format, format: req.format }; },
    editDocument: (text) => { const before = state().dirty; doc.text = text; record('editDocument'); if (state().dirty !== before) emit('state', state()); },
    onDocumentLoaded: sub('loaded'),
    onDocumentState: sub('state'),
    onCommand: sub('command'),
  };
  window.windtunnel = Object.freeze(api);
  window.__desktop = {
    calls,
    menuLesson: (name, text) => { doc = { path: null, name, text, reason: 'lesson' }; loaded('lesson'); },
    command: (c) => emit('command', c),
  };
  // As the real preload: a drop the page did not take opens the file itself.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    if (e.defaultPrevented) return;
    e.preventDefault();
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) { record('preloadDrop', f.name); api.openDroppedFile(f); }
  });
})();`;

type Call = [string, unknown?];
const calls = (page: Page, name?: string): Promise<Call[]> => page.evaluate((n) => {
  const all = (window as unknown as { __desktop: { calls: Call[] } }).__desktop.calls;
  return n ? all.filter((c) => c[0] === n) : all;
}, name);

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  (page as unknown as { errors: string[] }).errors = errors;
  await page.addInitScript({ content: FAKE_PRELOAD });
  await page.goto(baseUrl);
  await page.waitForFunction(() => /dag runs?, \d+ task instances?/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  buildRenderer(OUT);
  const s = await serve(OUT);
  baseUrl = s.url;
  close = () => s.server.close();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  close?.();
});

describe('renderer in the desktop shell (stand-in preload)', () => {
  it('the stand-in implements every method of the contract', async () => {
    const page = await open();
    const keys = await page.evaluate(() => Object.keys((window as unknown as { windtunnel: object }).windtunnel));
    expect(keys.filter((k) => k !== 'platform').sort()).toEqual([...DESKTOP_METHODS].sort());
    await page.close();
  });

  it('starts with main’s document; lessons, edits, the dirty marker and Save go through the API', async () => {
    const page = await open();
    expect((await calls(page)).map((c) => c[0])).toEqual(expect.arrayContaining(['currentDocument', 'recentDocuments']));
    expect(await page.title()).toBe('untitled — Windtunnel');
    await expect.poll(() => page.textContent('[data-testid="document-name"]')).toBe('untitled');
    // The editor bar of the desktop app: recent files, Reload (no file yet), Save As.
    expect(await page.locator('select[aria-label="Open a recent file"] option').allTextContents()).toEqual(['Recent', 'file-a.windtunnel.yaml']);
    expect(await page.locator('button:has-text("Reload")').isDisabled()).toBe(true);
    expect(await page.locator('button:has-text("Save As…")').count()).toBe(1);

    // A lesson chosen in the page: main opens it as a new untitled document named after it.
    const lesson = getLesson('depends-on-past-adhoc')!;
    await page.click('[role="tab"]:has-text("Lesson")');
    await page.selectOption('select[aria-label="Choose a lesson"]', lesson.name);
    await expect.poll(() => page.textContent('[data-testid="lesson-narrative"] h2')).toBe(lesson.title);
    expect(await calls(page, 'newDocument')).toEqual([['newDocument', { name: lesson.name, chars: lesson.text.length }]]);
    await expect.poll(() => page.title()).toBe(`${lesson.name} — Windtunnel`);

    // An edit: reported to main, whose documentState puts the marker in the editor and the title.
    await page.click('[role="tab"]:has-text("Scenario")');
    await page.locator('textarea[aria-label="Scenario YAML"]').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# my change');
    expect((await calls(page, 'editDocument')).length).toBeGreaterThan(0);
    await expect.poll(() => page.title()).toBe(`• ${lesson.name} — Windtunnel`);
    await expect.poll(() => page.textContent('[data-testid="document-name"]')).toBe(`${lesson.name} • (unsaved edits)`);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(shots, 'e2e-desktop-dirty.png') });

    await page.click('button:has-text("Save")');
    expect(await calls(page, 'saveDocument')).toHaveLength(1);
    await expect.poll(() => page.title()).toBe('saved.windtunnel.yaml — Windtunnel');
    expect(await page.locator('button:has-text("Reload")').isDisabled()).toBe(false);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('shows a lesson sent from the Lessons menu (documentLoaded, reason "lesson")', async () => {
    const page = await open();
    const lesson = getLesson('hyperparameter-tuning-3x')!;
    await page.evaluate(([name, text]) => (window as unknown as { __desktop: { menuLesson(n: string, t: string): void } }).__desktop.menuLesson(name, text), [lesson.name, lesson.text]);
    await expect.poll(() => page.textContent('[data-testid="lesson-narrative"] h2')).toBe(lesson.title);
    await expect.poll(() => page.textContent('.toolbar .scenario')).toBe(lesson.name);
    expect(await calls(page, 'newDocument')).toEqual([]);
    await page.close();
  });

  it('a file dropped on the window opens through openDroppedFile, once', async () => {
    const page = await open();
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.windtunnel.yaml', { type: 'application/yaml' }));
      return dt;
    }, FILE_A.replace('file-a', 'dropped-file'));
    await page.dispatchEvent('.timeline-area', 'dragenter', { dataTransfer });
    await page.dispatchEvent('.timeline-area', 'dragover', { dataTransfer });
    await expect.poll(() => page.locator('.drop').isVisible()).toBe(true);
    await page.screenshot({ path: join(shots, 'e2e-desktop-drop.png') });
    await page.dispatchEvent('.timeline-area', 'drop', { dataTransfer });
    await expect.poll(() => page.textContent('.toolbar .scenario')).toBe('dropped-file');
    expect(await calls(page, 'openDroppedFile')).toEqual([['openDroppedFile', 'dropped.windtunnel.yaml']]);
    expect(await calls(page, 'preloadDrop')).toEqual([]);
    expect(await page.locator('.drop').count()).toBe(0);
    expect(await page.title()).toBe('dropped.windtunnel.yaml — Windtunnel');
    await expect.poll(() => page.locator('select[aria-label="Open a recent file"] option').allTextContents()).toEqual(['Recent', 'dropped.windtunnel.yaml', 'file-a.windtunnel.yaml']);
    // Open Recent in the editor bar.
    await page.selectOption('select[aria-label="Open a recent file"]', '/home/me/file-a.windtunnel.yaml');
    await expect.poll(() => page.textContent('.toolbar .scenario')).toBe('file-a');
    expect(await calls(page, 'openRecent')).toEqual([['openRecent', '/home/me/file-a.windtunnel.yaml']]);
    await page.click('button:has-text("Reload")');
    expect(await calls(page, 'reloadDocument')).toHaveLength(1);
    await page.close();
  });

  it('exports through main: Export As › format directly, Export… through the chooser', async () => {
    const page = await open();
    await page.evaluate(() => (window as unknown as { __desktop: { command(c: unknown): void } }).__desktop.command({ command: 'export', format: 'png', scale: 4 }));
    await expect.poll(async () => (await calls(page, 'exportRun')).length).toBe(1);
    // Timelines carry the view (zoom window, theme, clock, selection) so main draws what the window shows.
    expect((await calls(page, 'exportRun'))[0][1]).toEqual({ format: 'png', scale: 4, scenario: 'untitled', keys: ['format', 'output', 'scale', 'view'] });
    await page.evaluate(() => (window as unknown as { __desktop: { command(c: unknown): void } }).__desktop.command({ command: 'export' }));
    const dialog = page.locator('dialog.export');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('ul button').allTextContents()).toEqual(['Timeline (SVG)…', 'Timeline (PNG)…', 'Dag runs (CSV)…', 'Task instances (CSV)…', 'Run output (JSON)…']);
    await page.screenshot({ path: join(shots, 'e2e-desktop-export-chooser.png') });
    await dialog.locator('button[data-format="task_instances_csv"]').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await calls(page, 'exportRun'))[1][1]).toEqual({ format: 'task_instances_csv', scenario: 'untitled', keys: ['format', 'output'] });
    await expect.poll(() => page.textContent('.status .message')).toBe('exported /home/me/export.task_instances_csv');
    // File › Attach to Server… opens the attach dialog.
    await page.evaluate(() => (window as unknown as { __desktop: { command(c: unknown): void } }).__desktop.command({ command: 'attach' }));
    await expect.poll(() => page.locator('dialog.attach').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.attach').isVisible()).toBe(false);
    // The toolbar's Export… opens the same chooser; Escape closes it.
    await page.click('.toolbar button:has-text("Export…")');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });
});
