// The application menu as plain data (Menu.buildFromTemplate takes it in main.ts), so its items
// and accelerators are tested without electron.
import type { MenuItemConstructorOptions } from 'electron';
import { EXPORT_FORMAT_INFO } from '../../core/index.js';
import type { ExportFormat } from '../../core/index.js';
import type { RecentEntry } from '../common/ipc.js';

export interface LessonEntry { name: string; title: string }

export interface MenuActions {
  newDocument(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  save(): void;
  saveAs(): void;
  /** Export…: the renderer's export chooser. */
  exportChooser(): void;
  exportAs(format: ExportFormat, scale?: number): void;
  /** Attach to Server…: the renderer's attach dialog (watch a `windtunnel serve`). */
  attach(): void;
  reload(): void;
  openLesson(name: string): void;
  openExternal(url: string): void;
}

export interface MenuInput {
  platform: NodeJS.Platform;
  /** Development build: adds Toggle Developer Tools and Reload Window. */
  isDev: boolean;
  appName: string;
  recent: RecentEntry[];
  lessons: LessonEntry[];
  actions: MenuActions;
}

export const AIRFLOW_DOCS_URL = 'https://airflow.apache.org/docs/apache-airflow/stable/';

export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const a = input.actions;
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const recentItems: MenuItemConstructorOptions[] = input.recent.length
    ? [
        ...input.recent.map((r, i): MenuItemConstructorOptions => ({
          id: `recent-${i}`,
          // '&' would turn the next letter into a mnemonic on Windows and Linux.
          label: mac ? r.path : r.path.replaceAll('&', '&&'),
          click: () => a.openRecent(r.path),
        })),
        sep,
        { id: 'recent-clear', label: 'Clear Recently Opened', click: () => a.clearRecent() },
      ]
    : [{ id: 'recent-empty', label: 'No Recent Files', enabled: false }];

  const exportItems: MenuItemConstructorOptions[] = [
    { id: 'export-svg', label: `${EXPORT_FORMAT_INFO.svg.label}…`, click: () => a.exportAs('svg') },
    ...[1, 2, 4].map((scale): MenuItemConstructorOptions => ({
      id: `export-png-${scale}x`, label: `Timeline (PNG, ${scale}×)…`, click: () => a.exportAs('png', scale),
    })),
    { id: 'export-dag-runs-csv', label: `${EXPORT_FORMAT_INFO.dag_runs_csv.label}…`, click: () => a.exportAs('dag_runs_csv') },
    { id: 'export-task-instances-csv', label: `${EXPORT_FORMAT_INFO.task_instances_csv.label}…`, click: () => a.exportAs('task_instances_csv') },
    { id: 'export-json', label: `${EXPORT_FORMAT_INFO.json.label}…`, click: () => a.exportAs('json') },
  ];

  const fileMenu: MenuItemConstructorOptions = {
    id: 'file',
    label: '&File',
    submenu: [
      { id: 'new', label: '&New', accelerator: 'CmdOrCtrl+N', click: () => a.newDocument() },
      { id: 'open', label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => a.open() },
      { id: 'open-recent', label: 'Open &Recent', submenu: recentItems },
      sep,
      { id: 'save', label: '&Save', accelerator: 'CmdOrCtrl+S', click: () => a.save() },
      { id: 'save-as', label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => a.saveAs() },
      sep,
      { id: 'export', label: '&Export…', accelerator: 'CmdOrCtrl+E', click: () => a.exportChooser() },
      { id: 'export-as', label: 'Export &As', submenu: exportItems },
      sep,
      { id: 'reload-scenario', label: 'Re&load Scenario', accelerator: 'CmdOrCtrl+R', click: () => a.reload() },
      { id: 'attach', label: 'A&ttach to Server…', accelerator: 'CmdOrCtrl+Shift+A', click: () => a.attach() },
      sep,
      mac ? { role: 'close', accelerator: 'CmdOrCtrl+W' } : { role: 'quit', label: 'E&xit', accelerator: 'Ctrl+Q' },
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    id: 'edit',
    label: '&Edit',
    submenu: [
      { role: 'undo' }, { role: 'redo' }, sep,
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    id: 'view',
    label: '&View',
    submenu: [
      { id: 'zoom-reset', role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { id: 'zoom-in', role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      // Plus needs Shift on most layouts: '=' zooms in too, as in browsers.
      { id: 'zoom-in-equals', role: 'zoomIn', accelerator: 'CmdOrCtrl+=', visible: false, acceleratorWorksWhenHidden: true },
      { id: 'zoom-out', role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      sep,
      { id: 'fullscreen', role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
      ...(input.isDev
        ? [
            sep,
            { id: 'reload-window', role: 'forceReload', accelerator: 'CmdOrCtrl+Shift+R' } as MenuItemConstructorOptions,
            { id: 'devtools', role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' } as MenuItemConstructorOptions,
          ]
        : []),
    ],
  };

  const lessonsMenu: MenuItemConstructorOptions = {
    id: 'lessons',
    label: '&Lessons',
    submenu: input.lessons.length
      ? input.lessons.map((l, i): MenuItemConstructorOptions => ({
          id: `lesson-${l.name}`,
          label: mac ? l.title : l.title.replaceAll('&', '&&'),
          // The first nine lessons get Alt/Option+1…9.
          ...(i < 9 ? { accelerator: `Alt+${i + 1}` } : {}),
          click: () => a.openLesson(l.name),
        }))
      : [{ id: 'lessons-none', label: 'No Lessons', enabled: false }],
  };

  const helpMenu: MenuItemConstructorOptions = {
    id: 'help',
    role: 'help',
    label: '&Help',
    submenu: [{ id: 'airflow-docs', label: 'Apache Airflow Documentation', click: () => a.openExternal(AIRFLOW_DOCS_URL) }],
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: input.appName,
      submenu: [
        { role: 'about' }, sep, { role: 'services' }, sep,
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' },
      ],
    });
  }
  template.push(fileMenu, editMenu, viewMenu, lessonsMenu);
  if (mac) template.push({ id: 'window', role: 'windowMenu' });
  template.push(helpMenu);
  return template;
}

/** Every accelerator in a template, with the item that owns it (for tests and conflict checks). */
export function accelerators(template: MenuItemConstructorOptions[]): Array<{ id: string; accelerator: string }> {
  const out: Array<{ id: string; accelerator: string }> = [];
  const walk = (items: MenuItemConstructorOptions[]) => {
    for (const item of items) {
      if (item.accelerator) out.push({ id: item.id ?? item.role ?? item.label ?? '?', accelerator: String(item.accelerator) });
      if (Array.isArray(item.submenu)) walk(item.submenu);
    }
  };
  walk(template);
  return out;
}
