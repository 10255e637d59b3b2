// electron/main/main.ts with the electron module replaced by fakes at the boundary: the
// composition root registers the scheme, the IPC checks, the menu and a locked-down window.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, INVOKE, INVOKE_CHANNELS, SEND_CHANNELS } from '../../electron/common/ipc.js';
import { DOCUMENT_CSP } from '../../electron/common/csp.js';

const h = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: EE } = require('node:events') as typeof import('node:events');
  const state = {
    userData: '',
    windows: [] as any[],
    menus: [] as MenuItemConstructorOptions[][],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (r: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, (e: unknown, ...a: unknown[]) => unknown>(),
    ipcListeners: new Map<string, (e: unknown, ...a: unknown[]) => void>(),
    permissionRequest: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    messageBoxes: [] as any[],
    messageBoxAnswer: 2,
  };
  class FakeWebContents extends EE {
    id = 41;
    sent: Array<[string, unknown]> = [];
    openHandler: ((d: { url: string }) => unknown) | undefined;
    send(channel: string, payload: unknown) { this.sent.push([channel, payload]); }
    setWindowOpenHandler(fn: (d: { url: string }) => unknown) { this.openHandler = fn; }
  }
  class FakeBrowserWindow extends EE {
    webContents = new FakeWebContents();
    title = '';
    loaded: string | undefined;
    destroyed = false;
    constructor(public options: any) { super(); state.windows.push(this); }
    loadURL(url: string) { this.loaded = url; return Promise.resolve(); }
    setTitle(t: string) { this.title = t; }
    setDocumentEdited() {}
    setRepresentedFilename() {}
    isDestroyed() { return this.destroyed; }
    isMinimized() { return false; }
    restore() {}
    focus() {}
    show() {}
    close() {
      const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      this.emit('close', e);
      if (!e.defaultPrevented) { this.destroyed = true; this.emit('closed'); }
    }
  }
  const app = Object.assign(new EE(), {
    isPackaged: false,
    name: 'Windtunnel',
    getPath: (name: string) => (name === 'userData' ? state.userData : tmpdirPath()),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => {},
    exit: () => {},
    addRecentDocument: () => {},
    clearRecentDocuments: () => {},
  });
  function tmpdirPath() { return '/tmp'; }
  return { state, app, FakeBrowserWindow };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.FakeBrowserWindow,
  Menu: {
    buildFromTemplate: (t: MenuItemConstructorOptions[]) => t,
    setApplicationMenu: (t: MenuItemConstructorOptions[]) => { h.state.menus.push(t); },
  },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => { h.state.privileged.push(...s); },
    handle: (scheme: string, fn: (r: Request) => Promise<Response>) => { h.state.protocolHandlers.set(scheme, fn); },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: never) => { h.state.permissionRequest = fn; },
      setPermissionCheckHandler: (fn: never) => { h.state.permissionCheck = fn; },
    },
  },
  ipcMain: {
    handle: (c: string, fn: never) => { h.state.ipcHandlers.set(c, fn); },
    removeHandler: (c: string) => { h.state.ipcHandlers.delete(c); },
    on: (c: string, fn: never) => { h.state.ipcListeners.set(c, fn); },
    removeListener: () => {},
  },
  dialog: {
    showErrorBox: vi.fn(),
    showMessageBox: async (_w: unknown, opts: unknown) => { h.state.messageBoxes.push(opts ?? _w); return { response: h.state.messageBoxAnswer }; },
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true }),
  },
  shell: { openExternal: vi.fn(async () => {}) },
}));

let dir: string;
const tick = () => new Promise((r) => setTimeout(r, 10));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wt-main-'));
  h.state.userData = join(dir, 'userData');
  mkdirSync(h.state.userData);
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Windtunnel</title>');
  process.env.WINDTUNNEL_RENDERER_DIR = renderer;
  await import('../../electron/main/main.js');
  for (let i = 0; i < 50 && h.state.windows.length === 0; i++) await tick();
});

afterAll(() => {
  delete process.env.WINDTUNNEL_RENDERER_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const trusted = () => ({ sender: { id: 41 }, senderFrame: { url: 'app://windtunnel/index.html', parent: null } });

describe('main process wiring (electron mocked)', () => {
  it('registers app:// as a standard, secure scheme and serves the renderer with the CSP', async () => {
    expect(h.state.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]);
    const res = await h.state.protocolHandlers.get('app')!(new Request('app://windtunnel/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DOCUMENT_CSP);
  });

  it('opens one sandboxed, isolated window on the app URL', () => {
    expect(h.state.windows).toHaveLength(1);
    const w = h.state.windows[0];
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(w.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(w.loaded).toBe(APP_ENTRY_URL);
    expect(w.title).toBe('untitled — Windtunnel');
    expect(w.webContents.openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request', () => {
    const cb = vi.fn();
    h.state.permissionRequest!({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(h.state.permissionCheck!()).toBe(false);
  });

  it('handles every contract channel, checking the sender', async () => {
    expect([...h.state.ipcHandlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect([...h.state.ipcListeners.keys()].sort()).toEqual([...SEND_CHANNELS].sort());
    const current = await h.state.ipcHandlers.get(INVOKE.documentCurrent)!(trusted());
    expect(current).toMatchObject({ path: null, name: 'untitled', dirty: false, reason: 'new' });
    await expect(h.state.ipcHandlers.get(INVOKE.documentCurrent)!({ ...trusted(), sender: { id: 1 } })).rejects.toThrow(/untrusted/);
  });

  it('builds the menu with File, Edit, View, Lessons (from core) and Help', () => {
    const menu = h.state.menus.at(-1)!;
    expect(menu.map((m) => m.id)).toEqual(['file', 'edit', 'view', 'lessons', 'help']);
    const lessons = (menu[3].submenu as MenuItemConstructorOptions[]);
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons[0].id).toMatch(/^lesson-/);
  });

  it('opens a lesson from the menu as an untitled document and tells the renderer', async () => {
    const lesson = (h.state.menus.at(-1)![3].submenu as MenuItemConstructorOptions[])[0];
    (lesson.click as () => void)();
    for (let i = 0; i < 20 && !h.state.windows[0].webContents.sent.length; i++) await tick();
    const [channel, snap] = h.state.windows[0].webContents.sent.at(-1);
    expect(channel).toBe('windtunnel:document-loaded');
    expect(snap).toMatchObject({ path: null, reason: 'lesson', dirty: false });
    expect(snap.text).toMatch(/^windtunnel: 1/);
  });

  it('asks before closing a window with unsaved edits; Cancel keeps it open', async () => {
    h.state.ipcListeners.get('windtunnel:document-edit')!(trusted(), { text: 'edited' });
    const w = h.state.windows[0];
    expect(w.title).toBe(`• ${w.title.replace(/^• /, '')}`);
    h.state.messageBoxAnswer = 2; // Cancel
    w.close();
    for (let i = 0; i < 20 && h.state.messageBoxes.length === 0; i++) await tick();
    expect(h.state.messageBoxes.at(-1)).toMatchObject({ buttons: ['Save', "Don't Save", 'Cancel'] });
    expect(w.destroyed).toBe(false);
    h.state.messageBoxAnswer = 1; // Don't Save
    w.close();
    for (let i = 0; i < 20 && !w.destroyed; i++) await tick();
    expect(w.destroyed).toBe(true);
  });
});
