// @vitest-environment happy-dom
// The preload with electron replaced at the boundary: what it exposes and what it sends.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT, INVOKE, SEND } from '../../electron/common/ipc.js';
import type { WindtunnelDesktopApi } from '../../electron/common/ipc.js';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string) => `result of ${channel}`),
    send: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
  webUtils: { getPathForFile: vi.fn(() => '/home/me/dropped.windtunnel.yaml') },
}));
vi.mock('electron', () => electron);

let api: WindtunnelDesktopApi;
beforeAll(async () => {
  await import('../../electron/preload/preload.js');
  api = electron.contextBridge.exposeInMainWorld.mock.calls[0][1] as WindtunnelDesktopApi;
});

describe('preload', () => {
  it('exposes exactly one object, window.windtunnel, of functions and the platform', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0][0]).toBe('windtunnel');
    expect(Object.keys(api).sort()).toEqual([
      'currentDocument', 'editDocument', 'exportRun', 'newDocument', 'onCommand', 'onDocumentLoaded', 'onDocumentState',
      'openDocument', 'openDroppedFile', 'openRecent', 'platform', 'recentDocuments', 'reloadDocument', 'saveDocument', 'saveDocumentAs',
    ]);
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
  });

  it('maps each method to its own channel, with a fixed payload shape', async () => {
    await api.currentDocument();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE.documentCurrent);
    await api.openRecent('/a.yaml');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE.documentOpenRecent, { path: '/a.yaml' });
    await api.newDocument();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE.documentNew, {});
    await api.saveDocumentAs();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE.documentSaveAs);
    api.editDocument('text');
    expect(electron.ipcRenderer.send).toHaveBeenLastCalledWith(SEND.documentEdit, { text: 'text' });
    const channels = electron.ipcRenderer.invoke.mock.calls.map((c) => c[0] as string);
    for (const c of channels) expect(c.startsWith('windtunnel:')).toBe(true);
  });

  it('resolves a dropped file’s path itself, only for a file the user just dropped, once', async () => {
    const file = new File(['x'], 'dropped.windtunnel.yaml');
    const before = electron.ipcRenderer.invoke.mock.calls.length;
    expect(await api.openDroppedFile(file)).toBeNull(); // no drop happened: nothing is asked of main
    expect(electron.ipcRenderer.invoke.mock.calls.length).toBe(before);
    dispatchDrop({ trusted: true, prevented: true, files: [file] }); // the page takes the drop and calls openDroppedFile
    await api.openDroppedFile(file);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE.documentOpenDropped, { path: '/home/me/dropped.windtunnel.yaml' });
    expect(await api.openDroppedFile(file)).toBeNull(); // each drop opens once
    expect(electron.ipcRenderer.invoke.mock.calls.length).toBe(before + 1);
  });

  it('a drop a script dispatched (untrusted) opens nothing', async () => {
    const before = electron.ipcRenderer.invoke.mock.calls.length;
    const file = new File(['x'], 'a.yaml');
    dispatchDrop({ trusted: false, prevented: false, files: [file] });
    expect(await api.openDroppedFile(file)).toBeNull();
    expect(electron.ipcRenderer.invoke.mock.calls.length).toBe(before);
  });

  it('hands listeners the payload only (never the IPC event) and unsubscribes', () => {
    const listener = vi.fn();
    const off = api.onCommand(listener);
    const [channel, wrapped] = electron.ipcRenderer.on.mock.calls.at(-1)!;
    expect(channel).toBe(EVENT.command);
    (wrapped as (e: unknown, p: unknown) => void)({ sender: 'secret' }, { command: 'export', format: 'svg' });
    expect(listener).toHaveBeenCalledWith({ command: 'export', format: 'svg' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT.command, wrapped);
    expect(() => api.onDocumentLoaded('nope' as never)).toThrow(TypeError);
  });

  it('opens a file dropped on the window unless the page handled the drop', () => {
    const before = electron.ipcRenderer.invoke.mock.calls.length;
    const drop = (prevented: boolean) => dispatchDrop({ trusted: true, prevented, files: [new File(['x'], 'a.yaml')] });
    expect(drop(false).defaultPrevented).toBe(true); // the window never navigates to the file
    expect(electron.ipcRenderer.invoke.mock.calls.length).toBe(before + 1);
    drop(true);
    expect(electron.ipcRenderer.invoke.mock.calls.length).toBe(before + 1);
  });
});

/** A drop event as the browser delivers it (trusted) or as a script can make one (untrusted). */
function dispatchDrop(o: { trusted: boolean; prevented: boolean; files: File[] }): Event {
  const e = new Event('drop', { cancelable: true, bubbles: true }) as Event & { dataTransfer: unknown };
  Object.defineProperty(e, 'dataTransfer', { value: { files: o.files } });
  if (o.trusted) Object.defineProperty(e, 'isTrusted', { value: true });
  if (o.prevented) e.preventDefault();
  window.dispatchEvent(e);
  return e;
}
