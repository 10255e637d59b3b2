// The desktop shell's preload exposes `window.windtunnel` (electron/common/ipc.ts is the contract;
// the renderer must not import electron/, so the part it uses is restated here structurally).
// In a plain browser it is absent and the app falls back to downloads and <input type=file>.
import type { RunOutput } from '../../core/index.js';

export interface DesktopDocument { path: string | null; name: string; dirty: boolean; text: string; reason: 'new' | 'open' | 'reload' }
export interface DesktopDocumentState { path: string | null; name: string; dirty: boolean }
export type DesktopExportFormat = 'svg' | 'png' | 'dag_runs_csv' | 'task_instances_csv' | 'json';
export type DesktopSaveResult = { ok: true; path: string } | { ok: false; reason: 'canceled' | 'error'; message?: string };
export type DesktopExportResult = { ok: true; path: string; format: DesktopExportFormat } | { ok: false; reason: 'canceled' | 'error'; message?: string };
export type DesktopCommand = { command: 'export'; format?: DesktopExportFormat; scale?: number } | { command: 'open-lesson'; lesson_id: string };

export interface DesktopApi {
  readonly platform: string;
  currentDocument(): Promise<DesktopDocument>;
  newDocument(request?: { text?: string; name?: string }): Promise<DesktopDocument | null>;
  openDocument(): Promise<DesktopDocument | null>;
  openRecent(path: string): Promise<DesktopDocument | null>;
  saveDocument(): Promise<DesktopSaveResult>;
  saveDocumentAs(): Promise<DesktopSaveResult>;
  exportRun(request: { format: DesktopExportFormat; scale?: number; output: RunOutput }): Promise<DesktopExportResult>;
  editDocument(text: string): void;
  setLessons(lessons: Array<{ id: string; title: string }>): void;
  onDocumentLoaded(listener: (snapshot: DesktopDocument) => void): () => void;
  onDocumentState(listener: (state: DesktopDocumentState) => void): () => void;
  onCommand(listener: (command: DesktopCommand) => void): () => void;
}

export function desktop(): DesktopApi | null {
  const w = globalThis as unknown as { windtunnel?: DesktopApi };
  const api = w.windtunnel;
  return api && typeof api.openDocument === 'function' ? api : null;
}

/** Browser fallback: save text as a download. */
export function download(name: string, data: string | Uint8Array, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Browser fallback: pick a file and read it as text. */
export function pickTextFile(accept = '.yaml,.yml,.json'): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.onchange = async () => {
      const f = input.files?.[0];
      input.remove();
      resolve(f ? { name: f.name, text: await f.text() } : null);
    };
    input.oncancel = () => { input.remove(); resolve(null); };
    document.body.appendChild(input);
    input.click();
  });
}
