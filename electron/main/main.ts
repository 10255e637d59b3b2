// Electron main process: the composition root. It wires electron's objects into the plain modules
// beside it (document session, recent files, IPC checks, menus, window locks), which hold the
// logic and are unit-tested without electron. Dialogs and file I/O happen here, in main, only.
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderExport } from '../../node/export_formats.js';
import { APP_ENTRY_URL, APP_SCHEME, EVENT } from '../common/ipc.js';
import type { DocumentState, EventChannel, EventMap } from '../common/ipc.js';
// Straight from the lessons module (pure data), not core/index.ts: the shell needs no engine.
import { getLesson, listLessons } from '../../core/index.js';
import { atomicWriteFile } from '../node/atomic_write.js';
import { sweepOrphanTemps } from '../../node/temp_files.js';
import { documentPathFromArgv } from './argv.js';
import { exportSaveDialog, sessionDialogs } from './dialogs.js';
import { DocumentSession, windowTitle } from './document_session.js';
import { exportRun } from './exports.js';
import { watchFile } from './file_watcher.js';
import { readScenarioFile } from './files.js';
import { registerIpcHandlers } from './ipc_handlers.js';
import type { IpcMainLike } from './ipc_handlers.js';
import { menuTemplate } from './menu.js';
import { NEW_SCENARIO_TEXT } from './new_scenario.js';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './protocol.js';
import { RecentFiles } from './recent_files.js';
import { lockWebContents, windowOptions } from './window.js';
import type { LockableContents } from './window.js';

const isDev = !app.isPackaged || process.env.WINDTUNNEL_DEV === '1';
// The bundle is dist/electron/main.cjs: the renderer build sits beside it in dist/renderer.
const here = __dirname;
// Development only: WINDTUNNEL_RENDERER_DIR points the app at another renderer build.
const rendererRoot = (!app.isPackaged && process.env.WINDTUNNEL_RENDERER_DIR) || join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');
const iconPath = join(here, '..', '..', 'build', 'icons', '512x512.png');

// Before `ready`, and only once: app:// gets a real origin (fetch, workers, relative URLs).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let win: BrowserWindow | undefined;
let quitting = false;
let closeConfirmed = false;
let closePromptOpen = false;
const openQueue: string[] = [];
let ready = false;

const liveWindow = () => (win && !win.isDestroyed() ? win : undefined);
const defaultDir = () => {
  const p = docs.currentPath();
  return p ? dirname(p) : app.getPath('documents');
};

function send<C extends EventChannel>(channel: C, payload: EventMap[C]): void {
  liveWindow()?.webContents.send(channel, payload);
}

function showState(state: DocumentState): void {
  const w = liveWindow();
  if (!w) return;
  w.setTitle(windowTitle(state));
  if (process.platform === 'darwin') {
    w.setDocumentEdited(state.dirty);
    w.setRepresentedFilename(state.path ?? '');
  }
}

const recent = new RecentFiles({
  storePath: join(app.getPath('userData'), 'recent-files.json'),
  caseInsensitive: process.platform !== 'linux',
  onAdd: (p) => app.addRecentDocument(p),
  onClear: () => app.clearRecentDocuments(),
});

const docs = new DocumentSession({
  dialogs: sessionDialogs(dialog, liveWindow, defaultDir),
  readText: readScenarioFile,
  writeText: (path, text) => atomicWriteFile(path, text),
  recent,
  watch: (path, onChange) => watchFile(path, { onChange }),
  newText: NEW_SCENARIO_TEXT,
  emitLoaded: (snapshot) => { send(EVENT.documentLoaded, snapshot); showState(snapshot); },
  emitState: (state) => { send(EVENT.documentState, state); showState(state); },
});

function rebuildMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    platform: process.platform,
    isDev,
    appName: app.name,
    recent: recent.list(),
    lessons: listLessons().map((l) => ({ name: l.name, title: l.title })),
    actions: {
      newDocument: () => void withWindow(() => docs.newDocument()),
      open: () => void withWindow(() => docs.open()),
      openRecent: (path) => void withWindow(() => docs.openPath(path, 'recent')),
      clearRecent: () => void recent.clear().catch(logError),
      save: () => void docs.save(),
      saveAs: () => void docs.saveAs(),
      exportChooser: () => send(EVENT.command, { command: 'export' }),
      attach: () => send(EVENT.command, { command: 'attach' }),
      exportAs: (format, scale) => send(EVENT.command, { command: 'export', format, ...(scale ? { scale } : {}) }),
      reload: () => void docs.reload(),
      openLesson: (name) => {
        const lesson = getLesson(name);
        if (lesson) void withWindow(() => docs.openLesson(lesson.name, lesson.text));
      },
      openExternal: (url) => void shell.openExternal(url),
    },
  })));
}

function logError(err: unknown): void {
  console.error('windtunnel:', err instanceof Error ? err.message : err);
}

/** macOS keeps running without a window: File menu items bring one back first. */
async function withWindow<T>(f: () => Promise<T>): Promise<T> {
  if (!liveWindow()) createWindow();
  return f();
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow(windowOptions({
    preload: preloadPath,
    platform: process.platform,
    ...(existsSync(iconPath) ? { icon: iconPath } : {}),
  }));
  win = w;
  closeConfirmed = false;
  lockWebContents(w.webContents as unknown as LockableContents, (url) => void shell.openExternal(url));
  w.once('ready-to-show', () => w.show());
  // Main owns the title (document name and dirty marker); the page's <title> must not replace it.
  w.on('page-title-updated', (event) => event.preventDefault());
  w.on('close', (event) => {
    if (closeConfirmed || !docs.isDirty()) return;
    event.preventDefault();
    if (closePromptOpen) return;
    closePromptOpen = true;
    docs.confirmClose().then((ok) => {
      closePromptOpen = false;
      if (ok) {
        closeConfirmed = true;
        w.close();
      } else {
        quitting = false;
      }
    }, (err) => { closePromptOpen = false; logError(err); });
  });
  w.on('closed', () => {
    if (win === w) win = undefined;
    // The edits were saved or discarded at the prompt: a window reopened later starts afresh.
    docs.reset();
    if (quitting) app.quit();
  });
  w.webContents.on('render-process-gone', (_e, details) => logError(`renderer gone: ${details.reason}`));
  showState(docs.state());
  void w.loadURL(APP_ENTRY_URL);
  return w;
}

function openFromOs(path: string): void {
  if (!ready) { openQueue.push(path); return; }
  void withWindow(() => docs.openPath(path, 'os'));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (double-clicking another file) hands its command line to this instance.
  app.on('second-instance', (_event, argv, cwd) => {
    const w = liveWindow() ?? createWindow();
    if (w.isMinimized()) w.restore();
    w.focus();
    const path = documentPathFromArgv(argv, { cwd, isPackaged: app.isPackaged });
    if (path) void docs.openPath(path, 'argv');
  });
  // macOS file association and Dock drops; may arrive before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOs(path);
  });
  app.on('before-quit', () => { quitting = true; });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (ready && !liveWindow()) createWindow();
  });
  // Every web contents, including any a bug might create, gets the same locks.
  app.on('web-contents-created', (_e, contents) => {
    lockWebContents(contents as unknown as LockableContents, (url) => void shell.openExternal(url));
  });

  void app.whenReady().then(async () => {
    if (!existsSync(join(rendererRoot, 'index.html'))) {
      dialog.showErrorBox('Windtunnel', `The renderer is not built (${rendererRoot} has no index.html). Run: npm run build`);
      app.exit(1);
      return;
    }
    protocol.handle(APP_SCHEME, appProtocolHandler(rendererRoot));
    // The app needs no camera, notifications, geolocation…: every permission is refused.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    // Temps of saves a killed earlier run left in the app's own folder go at start (document
    // folders are swept by their first save: node/temp_files.ts).
    sweepOrphanTemps(app.getPath('userData'));
    await recent.load();
    recent.onChange(rebuildMenu);
    rebuildMenu();

    registerIpcHandlers(ipcMain as unknown as IpcMainLike, {
      trustedWebContentsId: () => liveWindow()?.webContents.id,
      onRefused: (channel, reason) => logError(`IPC ${channel} refused: ${reason}`),
      invoke: {
        'windtunnel:document-current': () => docs.snapshot(),
        'windtunnel:document-new': (request) => docs.newDocument(request),
        'windtunnel:document-open': () => docs.open(),
        'windtunnel:document-open-recent': ({ path }) => docs.openPath(path, 'recent'),
        'windtunnel:document-open-dropped': ({ path }) => docs.openPath(path, 'drop'),
        'windtunnel:document-save': () => docs.save(),
        'windtunnel:document-save-as': () => docs.saveAs(),
        'windtunnel:document-reload': () => docs.reload(),
        'windtunnel:recent-list': () => recent.list(),
        'windtunnel:export-run': (request) => exportRun(request, {
          showSave: exportSaveDialog(dialog, liveWindow, defaultDir),
          render: renderExport,
          write: (path, bytes) => atomicWriteFile(path, bytes),
          showError: async (message, detail) => { await dialog.showMessageBox({ type: 'error', message, detail }); },
        }),
      },
      send: {
        'windtunnel:document-edit': ({ text }) => docs.edit(text),
      },
    });

    createWindow();
    ready = true;
    const fromArgv = documentPathFromArgv(process.argv, { cwd: process.cwd(), isPackaged: app.isPackaged });
    if (fromArgv) openQueue.unshift(fromArgv);
    for (const path of openQueue.splice(0)) await docs.openPath(path, fromArgv === path ? 'argv' : 'os');
  });
}
