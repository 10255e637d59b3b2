// The preload: runs sandboxed, in an isolated world, before the page. It exposes one object,
// `window.windtunnel`, whose methods each map to one channel of the IPC contract; the page never
// sees ipcRenderer, channel names it could choose, or file paths of dropped files.
// Bundled as CommonJS (a sandboxed preload cannot load ES modules).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT, INVOKE, SEND } from '../common/ipc.js';
import { DroppedFiles } from './dropped_files.js';
import type {
  EventChannel, EventMap, InvokeChannel, InvokeMap, SendChannel, SendMap, WindtunnelDesktopApi,
} from '../common/ipc.js';

function invoke<C extends InvokeChannel>(channel: C, payload?: InvokeMap[C]['payload']): Promise<InvokeMap[C]['result']> {
  return payload === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, payload);
}

function send<C extends SendChannel>(channel: C, payload: SendMap[C]): void {
  ipcRenderer.send(channel, payload);
}

function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  // The IPC event object (with its `sender`) stays here: the page gets the payload only.
  const wrapped = (_event: unknown, payload: EventMap[C]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => { ipcRenderer.removeListener(channel, wrapped); };
}

const dropped = new DroppedFiles();

const api: WindtunnelDesktopApi = {
  platform: process.platform,
  currentDocument: () => invoke(INVOKE.documentCurrent),
  newDocument: (request) => invoke(INVOKE.documentNew, request ?? {}),
  openDocument: () => invoke(INVOKE.documentOpen),
  openRecent: (path) => invoke(INVOKE.documentOpenRecent, { path }),
  openDroppedFile: (file) => {
    // Electron no longer puts a path on File; only the preload can ask for it. And only a file
    // the user just dropped on the window opens (dropped_files.ts).
    const path = webUtils.getPathForFile(file);
    return path && dropped.take(path) ? invoke(INVOKE.documentOpenDropped, { path }) : Promise.resolve(null);
  },
  reloadDocument: () => invoke(INVOKE.documentReload),
  saveDocument: () => invoke(INVOKE.documentSave),
  saveDocumentAs: () => invoke(INVOKE.documentSaveAs),
  recentDocuments: () => invoke(INVOKE.recentList),
  exportRun: (request) => invoke(INVOKE.exportRun, request),
  editDocument: (text) => send(SEND.documentEdit, { text }),
  onDocumentLoaded: (listener) => subscribe(EVENT.documentLoaded, listener),
  onDocumentState: (listener) => subscribe(EVENT.documentState, listener),
  onCommand: (listener) => subscribe(EVENT.command, listener),
};

contextBridge.exposeInMainWorld('windtunnel', api);

// Every drop the browser delivers is noted first (capture phase, before the page's handlers), so
// openDroppedFile knows which paths the user dropped.
window.addEventListener('drop', (event) => {
  const files = event.dataTransfer ? Array.from(event.dataTransfer.files) : [];
  dropped.record(event.isTrusted, files.map((f) => webUtils.getPathForFile(f)));
}, { capture: true });

// A file dropped anywhere on the window opens, unless the page handled the drop itself
// (called preventDefault). The window never navigates to a dropped file.
window.addEventListener('dragover', (event) => { event.preventDefault(); });
window.addEventListener('drop', (event) => {
  if (event.defaultPrevented) return;
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file) void api.openDroppedFile(file);
});
