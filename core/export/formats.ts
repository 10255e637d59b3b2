// The export formats shared by the CLI (`windtunnel export`) and the desktop app's Export menu.
// Names are snake_case because they cross the IPC boundary.

export const EXPORT_FORMATS = ['svg', 'png', 'dag_runs_csv', 'task_instances_csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** PNG scale bounds: below 0.25 text is unreadable, above 8 a long timeline runs out of memory. */
export const PNG_SCALE_MIN = 0.25;
export const PNG_SCALE_MAX = 8;
export const PNG_SCALE_DEFAULT = 2;

export interface ExportFormatInfo {
  /** File extension without the dot. */
  extension: string;
  /** A short label for menus and save dialogs. */
  label: string;
  /** The file name suggested for a scenario named `name`. */
  suggestedName(name: string): string;
}

export const EXPORT_FORMAT_INFO: Record<ExportFormat, ExportFormatInfo> = {
  svg: { extension: 'svg', label: 'Timeline (SVG)', suggestedName: (n) => `${n}.timeline.svg` },
  png: { extension: 'png', label: 'Timeline (PNG)', suggestedName: (n) => `${n}.timeline.png` },
  dag_runs_csv: { extension: 'csv', label: 'Dag runs (CSV)', suggestedName: (n) => `${n}.dag_runs.csv` },
  task_instances_csv: { extension: 'csv', label: 'Task instances (CSV)', suggestedName: (n) => `${n}.task_instances.csv` },
  json: { extension: 'json', label: 'Run output (JSON)', suggestedName: (n) => `${n}.run.json` },
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export function isPngScale(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= PNG_SCALE_MIN && value <= PNG_SCALE_MAX;
}
