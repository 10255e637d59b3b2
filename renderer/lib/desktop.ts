// The desktop shell's preload exposes `window.windtunnel`; its contract is electron/common/ipc.ts,
// imported here for its types only (nothing of electron/ ends up in the renderer bundle, and the
// lint allows the renderer electron/common/ and nothing else of the shell). In a plain browser the
// object is absent and the app falls back to downloads, <input type=file> and dropped files read
// in the page.
import type {
  DocumentSnapshot, DocumentState, ExportRequest, ExportResult, MenuCommand, NewDocumentRequest, RecentEntry, SaveResult,
  WindtunnelDesktopApi,
} from '../../electron/common/ipc.js';

export type {
  DocumentSnapshot, DocumentState, ExportRequest, ExportResult, MenuCommand, NewDocumentRequest, RecentEntry, SaveResult,
  WindtunnelDesktopApi,
};
export type DesktopApi = WindtunnelDesktopApi;

type MethodName = { [K in keyof WindtunnelDesktopApi]: WindtunnelDesktopApi[K] extends (...args: never[]) => unknown ? K : never }[keyof WindtunnelDesktopApi];

/** Every method of the contract (a missing or extra name here is a type error). */
const METHODS = {
  currentDocument: true, newDocument: true, openDocument: true, openRecent: true, openDroppedFile: true, reloadDocument: true,
  saveDocument: true, saveDocumentAs: true, recentDocuments: true, exportRun: true, editDocument: true,
  onDocumentLoaded: true, onDocumentState: true, onCommand: true,
} as const satisfies Record<MethodName, true>;

export const DESKTOP_METHODS = Object.keys(METHODS) as MethodName[];

/** The methods of the contract that `api` lacks (a stale preload); empty when it is complete. */
export function missingMethods(api: object): MethodName[] {
  return DESKTOP_METHODS.filter((m) => typeof (api as Record<string, unknown>)[m] !== 'function');
}

/** `window.windtunnel` when the app runs in the desktop shell, else null (the browser build). */
export function desktop(): WindtunnelDesktopApi | null {
  const api = (globalThis as { windtunnel?: unknown }).windtunnel;
  if (api === null || typeof api !== 'object') return null;
  const missing = missingMethods(api);
  if (missing.length) {
    // Renderer and preload are built together; a mismatch is a packaging bug, not a browser.
    console.error(`window.windtunnel does not implement the desktop contract (missing: ${missing.join(', ')}); running as in a browser`);
    return null;
  }
  return api as WindtunnelDesktopApi;
}

/** The title of the window (and the tab), as main sets it: a bullet while there are unsaved edits. */
export function documentTitle(state: Pick<DocumentState, 'name' | 'dirty'>, product = 'Windtunnel'): string {
  return `${state.dirty ? '• ' : ''}${state.name} — ${product}`;
}

/** Files the app opens (main checks the same for dropped files). */
export function isScenarioFileName(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

/** Browser fallback: save text or bytes as a download. */
export function download(name: string, data: string | Uint8Array | Blob, type: string): void {
  const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
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

/** Browser fallback: an SVG document rasterised to PNG bytes at `scale` device pixels per pixel. */
export async function svgToPngBlob(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
