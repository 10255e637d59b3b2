// The native dialogs the document session and exports use, over electron's `dialog` (passed in).
import type { BrowserWindow, Dialog, FileFilter } from 'electron';
import { join } from 'node:path';
import type { DiscardAnswer, SessionDialogs } from './document_session.js';

export const SCENARIO_FILTERS: FileFilter[] = [
  // .json is a scenario or a history (`windtunnel import`'s output): the page tells them apart.
  { name: 'Windtunnel scenarios and histories', extensions: ['yaml', 'yml', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

export function sessionDialogs(dialog: DialogApi, window: () => BrowserWindow | undefined, defaultDir: () => string): SessionDialogs {
  // A sheet on macOS, modal elsewhere; before the window exists, a free-standing dialog.
  const withWindow = <T>(f: (w: BrowserWindow | undefined) => Promise<T>) => f(window());
  return {
    showOpen: () => withWindow(async (w) => {
      const opts = { title: 'Open Scenario', defaultPath: defaultDir(), properties: ['openFile' as const], filters: SCENARIO_FILTERS };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    }),
    showSave: (defaultName) => withWindow(async (w) => {
      const opts = { title: 'Save Scenario', defaultPath: joinDefault(defaultDir(), defaultName), filters: SCENARIO_FILTERS.slice(0, 1), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    }),
    confirmDiscard: (name) => withWindow(async (w) => {
      const opts = {
        type: 'warning' as const,
        buttons: ['Save', "Don't Save", 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
        message: `Do you want to save the changes you made to ${name}?`,
        detail: "Your changes will be lost if you don't save them.",
      };
      const r = w ? await dialog.showMessageBox(w, opts) : await dialog.showMessageBox(opts);
      return (['save', 'discard', 'cancel'] as const)[r.response] ?? ('cancel' as DiscardAnswer);
    }),
    confirmReload: (name, dirty) => withWindow(async (w) => {
      const opts = {
        type: 'question' as const,
        buttons: ['Reload', dirty ? 'Keep My Changes' : 'Keep Current'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
        message: `${name} changed on disk.`,
        detail: dirty ? 'Reloading discards your unsaved changes.' : 'Reload it to see the new version?',
      };
      const r = w ? await dialog.showMessageBox(w, opts) : await dialog.showMessageBox(opts);
      return r.response === 0;
    }),
    showError: (message, detail) => withWindow(async (w) => {
      const opts = { type: 'error' as const, buttons: ['OK'], message, detail };
      if (w) await dialog.showMessageBox(w, opts); else await dialog.showMessageBox(opts);
    }),
  };
}

export function exportSaveDialog(dialog: DialogApi, window: () => BrowserWindow | undefined, defaultDir: () => string) {
  return async (defaultName: string, filter: FileFilter): Promise<string | null> => {
    const w = window();
    const opts = { title: 'Export', defaultPath: joinDefault(defaultDir(), defaultName), filters: [filter], properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
    const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
}

function joinDefault(dir: string, name: string): string {
  return dir ? join(dir, name) : name;
}
