// The IPC contract between the renderer (through the preload) and the main process.
// Every channel starts with one prefix; every payload is plain snake_case JSON; every payload the
// renderer sends is validated here before main acts on it (a compromised renderer is the threat).
// Imported by electron/main and electron/preload only: no Node, no electron imports.
import { EXPORT_FORMATS, PNG_SCALE_MAX, PNG_SCALE_MIN, isExportFormat, isPngScale } from '../../core/index.js';
import type { ExportFormat } from '../../core/index.js';
import type { RunOutput } from '../../core/index.js';

export const CHANNEL_PREFIX = 'windtunnel:';

/** Renderer → main, request and reply (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE = {
  documentCurrent: 'windtunnel:document-current',
  documentNew: 'windtunnel:document-new',
  documentOpen: 'windtunnel:document-open',
  documentOpenRecent: 'windtunnel:document-open-recent',
  documentOpenDropped: 'windtunnel:document-open-dropped',
  documentSave: 'windtunnel:document-save',
  documentSaveAs: 'windtunnel:document-save-as',
  documentReload: 'windtunnel:document-reload',
  recentList: 'windtunnel:recent-list',
  exportRun: 'windtunnel:export-run',
} as const;

/** Renderer → main, fire and forget (ipcRenderer.send / ipcMain.on). */
export const SEND = {
  documentEdit: 'windtunnel:document-edit',
} as const;

/** Main → renderer (webContents.send / ipcRenderer.on). */
export const EVENT = {
  /** A document was loaded (new, opened, reloaded): carries its text. */
  documentLoaded: 'windtunnel:document-loaded',
  /** The open document's path, name or dirty flag changed (after a save or an edit). */
  documentState: 'windtunnel:document-state',
  /** A menu item that the renderer carries out (it holds the run output and the lessons). */
  command: 'windtunnel:command',
} as const;

export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];
export type SendChannel = (typeof SEND)[keyof typeof SEND];
export type EventChannel = (typeof EVENT)[keyof typeof EVENT];

export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.values(INVOKE);
export const SEND_CHANNELS: readonly SendChannel[] = Object.values(SEND);
export const EVENT_CHANNELS: readonly EventChannel[] = Object.values(EVENT);

/** Bounds what a renderer can make main hold or write. Scenarios are small; an imported history
 * (`windtunnel import`) holds every run and task instance (10,000 runs of 10 tasks ≈ 90 MB), so
 * the bound is set for those, well below V8's longest string. */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;
export const MAX_PATH_CHARS = 4096;

// ---- payloads ----

export interface DocumentState {
  /** Absolute path, or null for an untitled document (New, a lesson). */
  path: string | null;
  /** What the title bar shows: the file's base name, or the untitled name. */
  name: string;
  /** True when the text differs from what is on disk (or was never saved). */
  dirty: boolean;
}

export interface DocumentSnapshot extends DocumentState {
  text: string;
  /** Why this text arrived: the renderer may keep its view (reload) or reset it (open). For
   * 'lesson', `name` is the lesson's name (core's getLesson(name) has its narrative). */
  reason: 'new' | 'open' | 'reload' | 'lesson';
}

export interface NewDocumentRequest {
  /** Starting text; omitted: a small example scenario. */
  text?: string;
  /** Untitled name, e.g. a lesson's id; omitted: "untitled". */
  name?: string;
}

export interface PathRequest { path: string }
export interface EditMessage { text: string }

/** The timeline as the window shows it, for SVG and PNG exports (the same options as the browser's
 * download): the zoom window, theme, DAG order, clock and selection. Absent: the whole run. */
export interface ExportView {
  domain?: [number, number];
  theme?: 'light' | 'dark';
  dag_ids?: string[];
  clock?: number;
  selected?: { dag_id: string; run_id: string } | null;
}

export interface ExportRequest {
  format: ExportFormat;
  /** PNG only; default 2. */
  scale?: number;
  output: RunOutput;
  view?: ExportView;
}

export type SaveResult =
  | { ok: true; path: string }
  | { ok: false; reason: 'canceled' | 'error'; message?: string };

export type ExportResult =
  | { ok: true; path: string; format: ExportFormat }
  | { ok: false; reason: 'canceled' | 'error'; message?: string };

export interface RecentEntry { path: string; name: string }

/** Export… (no format: the renderer shows its chooser) and Export As › <format>: the renderer
 * answers with exportRun({format, scale, output, view}) for the run it shows. */
export type MenuCommand = { command: 'export'; format?: ExportFormat; scale?: number } | { command: 'attach' };

/** The one object the preload exposes, as `window.windtunnel`. Absent in the browser build. */
export interface WindtunnelDesktopApi {
  readonly platform: string;
  currentDocument(): Promise<DocumentSnapshot>;
  newDocument(request?: NewDocumentRequest): Promise<DocumentSnapshot | null>;
  openDocument(): Promise<DocumentSnapshot | null>;
  openRecent(path: string): Promise<DocumentSnapshot | null>;
  openDroppedFile(file: File): Promise<DocumentSnapshot | null>;
  reloadDocument(): Promise<DocumentSnapshot | null>;
  saveDocument(): Promise<SaveResult>;
  saveDocumentAs(): Promise<SaveResult>;
  recentDocuments(): Promise<RecentEntry[]>;
  exportRun(request: ExportRequest): Promise<ExportResult>;
  /** Report every edit (no debounce: main saves this text and decides dirtiness from it). */
  editDocument(text: string): void;
  onDocumentLoaded(listener: (snapshot: DocumentSnapshot) => void): () => void;
  onDocumentState(listener: (state: DocumentState) => void): () => void;
  onCommand(listener: (command: MenuCommand) => void): () => void;
}

/** Payload and result of each renderer → main channel: main's handlers and the preload are
 * typed from this one table. */
export interface InvokeMap {
  [INVOKE.documentCurrent]: { payload: undefined; result: DocumentSnapshot };
  [INVOKE.documentNew]: { payload: NewDocumentRequest; result: DocumentSnapshot | null };
  [INVOKE.documentOpen]: { payload: undefined; result: DocumentSnapshot | null };
  [INVOKE.documentOpenRecent]: { payload: PathRequest; result: DocumentSnapshot | null };
  [INVOKE.documentOpenDropped]: { payload: PathRequest; result: DocumentSnapshot | null };
  [INVOKE.documentSave]: { payload: undefined; result: SaveResult };
  [INVOKE.documentSaveAs]: { payload: undefined; result: SaveResult };
  [INVOKE.documentReload]: { payload: undefined; result: DocumentSnapshot | null };
  [INVOKE.recentList]: { payload: undefined; result: RecentEntry[] };
  [INVOKE.exportRun]: { payload: ExportRequest; result: ExportResult };
}

export interface SendMap {
  [SEND.documentEdit]: EditMessage;
}

export interface EventMap {
  [EVENT.documentLoaded]: DocumentSnapshot;
  [EVENT.documentState]: DocumentState;
  [EVENT.command]: MenuCommand;
}

// ---- validation ----

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: string): Checked<T> => ({ ok: false, error });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function onlyKeys(v: Record<string, unknown>, allowed: readonly string[]): string | null {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) return `unexpected key '${k}'`;
  return null;
}

function checkPath(v: unknown): Checked<string> {
  if (typeof v !== 'string' || v.length === 0) return fail('path must be a non-empty string');
  if (v.length > MAX_PATH_CHARS) return fail('path is too long');
  if (v.includes('\0')) return fail('path contains a NUL character');
  return ok(v);
}

function checkText(v: unknown): Checked<string> {
  if (typeof v !== 'string') return fail('text must be a string');
  if (v.length > MAX_DOCUMENT_CHARS) return fail(`text is longer than ${MAX_DOCUMENT_CHARS} characters`);
  return ok(v);
}

export function checkNoPayload(v: unknown): Checked<undefined> {
  return v === undefined || v === null ? ok(undefined) : fail('this channel takes no payload');
}

export function checkNewDocumentRequest(v: unknown): Checked<NewDocumentRequest> {
  if (v === undefined || v === null) return ok({});
  if (!isPlainObject(v)) return fail('expected an object');
  const extra = onlyKeys(v, ['text', 'name']);
  if (extra) return fail(extra);
  const out: NewDocumentRequest = {};
  if (v.text !== undefined) {
    const t = checkText(v.text);
    if (!t.ok) return t;
    out.text = t.value;
  }
  if (v.name !== undefined) {
    if (typeof v.name !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(v.name)) return fail('name must match [A-Za-z0-9_.-]{1,100}');
    out.name = v.name;
  }
  return ok(out);
}

export function checkPathRequest(v: unknown): Checked<PathRequest> {
  if (!isPlainObject(v)) return fail('expected an object');
  const extra = onlyKeys(v, ['path']);
  if (extra) return fail(extra);
  const p = checkPath(v.path);
  return p.ok ? ok({ path: p.value }) : p;
}

export function checkEditMessage(v: unknown): Checked<EditMessage> {
  if (!isPlainObject(v)) return fail('expected an object');
  const extra = onlyKeys(v, ['text']);
  if (extra) return fail(extra);
  const t = checkText(v.text);
  return t.ok ? ok({ text: t.value }) : t;
}

/** Checks the shape main relies on (the arrays and scalars exports read), not every field. */
export function checkRunOutput(v: unknown): Checked<RunOutput> {
  if (!isPlainObject(v)) return fail('output must be an object');
  if (v.windtunnel !== 1) return fail('output.windtunnel must be 1');
  if (typeof v.scenario !== 'string') return fail('output.scenario must be a string');
  if (!isPlainObject(v.clock) || typeof v.clock.start !== 'string' || typeof v.clock.end !== 'string') return fail('output.clock must be {start, end}');
  for (const key of ['dag_runs', 'task_instances', 'xcoms', 'asset_events', 'event_results', 'log'] as const) {
    const arr = v[key];
    if (!Array.isArray(arr)) return fail(`output.${key} must be an array`);
    if (!arr.every(isPlainObject)) return fail(`output.${key} must hold objects`);
  }
  return ok(v as unknown as RunOutput);
}

export function checkExportView(v: unknown): Checked<ExportView> {
  if (!isPlainObject(v)) return fail('view must be an object');
  const extra = onlyKeys(v, ['domain', 'theme', 'dag_ids', 'clock', 'selected']);
  if (extra) return fail(`view: ${extra}`);
  const view: ExportView = {};
  if (v.domain !== undefined) {
    const d = v.domain;
    if (!Array.isArray(d) || d.length !== 2 || !d.every((x) => typeof x === 'number' && Number.isFinite(x)) || d[0] >= d[1]) return fail('view.domain must be [start, end] in epoch ms, start < end');
    view.domain = [d[0], d[1]];
  }
  if (v.theme !== undefined) {
    if (v.theme !== 'light' && v.theme !== 'dark') return fail('view.theme must be light or dark');
    view.theme = v.theme;
  }
  if (v.dag_ids !== undefined) {
    if (!Array.isArray(v.dag_ids) || v.dag_ids.length > 100_000 || !v.dag_ids.every((x) => typeof x === 'string' && x.length <= 1000)) return fail('view.dag_ids must be a list of DAG ids');
    view.dag_ids = [...v.dag_ids];
  }
  if (v.clock !== undefined) {
    if (typeof v.clock !== 'number' || Number.isNaN(v.clock)) return fail('view.clock must be a number (epoch ms)');
    view.clock = v.clock;
  }
  if (v.selected !== undefined && v.selected !== null) {
    const sel = v.selected;
    if (!isPlainObject(sel) || onlyKeys(sel, ['dag_id', 'run_id']) || typeof sel.dag_id !== 'string' || typeof sel.run_id !== 'string') return fail('view.selected must be {dag_id, run_id}');
    view.selected = { dag_id: sel.dag_id, run_id: sel.run_id };
  } else if (v.selected === null) view.selected = null;
  return ok(view);
}

export function checkExportRequest(v: unknown): Checked<ExportRequest> {
  if (!isPlainObject(v)) return fail('expected an object');
  const extra = onlyKeys(v, ['format', 'scale', 'output', 'view']);
  if (extra) return fail(extra);
  if (!isExportFormat(v.format)) return fail(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (v.scale !== undefined && !isPngScale(v.scale)) return fail(`scale must be a number from ${PNG_SCALE_MIN} to ${PNG_SCALE_MAX}`);
  const out = checkRunOutput(v.output);
  if (!out.ok) return out;
  let view: ExportView | undefined;
  if (v.view !== undefined) {
    const cv = checkExportView(v.view);
    if (!cv.ok) return cv;
    view = cv.value;
  }
  return ok({ format: v.format, output: out.value, ...(v.scale !== undefined ? { scale: v.scale } : {}), ...(view ? { view } : {}) });
}

/** Main-side payload validator for each renderer → main channel. */
export const PAYLOAD_CHECKS: Record<InvokeChannel | SendChannel, (v: unknown) => Checked<unknown>> = {
  [INVOKE.documentCurrent]: checkNoPayload,
  [INVOKE.documentNew]: checkNewDocumentRequest,
  [INVOKE.documentOpen]: checkNoPayload,
  [INVOKE.documentOpenRecent]: checkPathRequest,
  [INVOKE.documentOpenDropped]: checkPathRequest,
  [INVOKE.documentSave]: checkNoPayload,
  [INVOKE.documentSaveAs]: checkNoPayload,
  [INVOKE.documentReload]: checkNoPayload,
  [INVOKE.recentList]: checkNoPayload,
  [INVOKE.exportRun]: checkExportRequest,
  [SEND.documentEdit]: checkEditMessage,
};

// ---- the app's origin ----

/** The renderer is served from this privileged scheme in the desktop app (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'windtunnel';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for a URL of the app's own origin. Compared by parts: Node gives non-special schemes an
 * opaque origin ("null"), so URL.origin cannot be used here. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
