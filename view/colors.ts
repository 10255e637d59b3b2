// State colours and theme colours for every view (canvas, SVG export, grid, tables). They live in
// the renderer, not in core: core says what state a run is in, the renderer decides how it looks.
// Hues follow the Airflow 3 UI (airflow-core/src/airflow/ui/src/theme.ts: success green, failed
// red, queued stone, running cyan, scheduled zinc, up_for_retry yellow, upstream_failed orange,
// skipped pink, deferred purple, restarting violet, up_for_reschedule sky, removed slate, none
// gray), as Tailwind "solid" shades: 600 on light backgrounds, 500/400 on dark ones.

export type Theme = 'light' | 'dark';
export const THEMES: readonly Theme[] = ['light', 'dark'];

/** Every state a dag run or task instance can show, plus `none` for a TI with state null. */
export const STATE_NAMES = [
  'queued', 'running', 'success', 'failed', 'scheduled', 'up_for_retry', 'up_for_reschedule',
  'upstream_failed', 'skipped', 'deferred', 'restarting', 'removed', 'none',
] as const;
export type StateName = (typeof STATE_NAMES)[number];

const LIGHT: Record<StateName, string> = {
  queued: '#78716c', // stone-500 (600 is too close to zinc)
  running: '#0891b2', // cyan-600
  success: '#16a34a', // green-600
  failed: '#dc2626', // red-600
  scheduled: '#52525b', // zinc-600
  up_for_retry: '#ca8a04', // yellow-600
  up_for_reschedule: '#0284c7', // sky-600
  upstream_failed: '#ea580c', // orange-600
  skipped: '#db2777', // pink-600
  deferred: '#9333ea', // purple-600
  restarting: '#7c3aed', // violet-600
  removed: '#64748b', // slate-500
  none: '#9ca3af', // gray-400
};

const DARK: Record<StateName, string> = {
  queued: '#a8a29e', // stone-400
  running: '#06b6d4', // cyan-500
  success: '#22c55e', // green-500
  failed: '#ef4444', // red-500
  scheduled: '#a1a1aa', // zinc-400
  up_for_retry: '#facc15', // yellow-400
  up_for_reschedule: '#0ea5e9', // sky-500
  upstream_failed: '#f97316', // orange-500
  skipped: '#ec4899', // pink-500
  deferred: '#a855f7', // purple-500
  restarting: '#8b5cf6', // violet-500
  removed: '#94a3b8', // slate-400
  none: '#6b7280', // gray-500
};

export const STATE_COLORS: Readonly<Record<Theme, Readonly<Record<StateName, string>>>> = { light: LIGHT, dark: DARK };

/** When marks merge into one pixel, the most urgent state shows (by index into STATE_NAMES). */
export const STATE_PRIORITY: readonly number[] = STATE_NAMES.map((s) => ({
  failed: 12, upstream_failed: 11, up_for_retry: 10, running: 9, restarting: 8, deferred: 7, up_for_reschedule: 6,
  queued: 5, scheduled: 4, success: 3, skipped: 2, removed: 1, none: 0,
})[s]);

/** Colour for a state string as it appears in the output (`null` is a TI with no state). */
export function stateColor(state: string | null | undefined, theme: Theme = 'light'): string {
  const key = (state ?? 'none') as StateName;
  return STATE_COLORS[theme][key] ?? STATE_COLORS[theme].none;
}

/** Index of a state in STATE_NAMES (for typed arrays); unknown states map to `none`. */
export function stateIndex(state: string | null | undefined): number {
  const i = (STATE_NAMES as readonly string[]).indexOf(state ?? 'none');
  return i < 0 ? STATE_NAMES.length - 1 : i;
}

export interface ThemeColors {
  background: string;
  surface: string;
  text: string;
  muted: string;
  gridLine: string;
  bandFill: string;
  bandAltFill: string;
  axis: string;
  tick: string;
  nowCursor: string;
  selection: string;
  arrow: string;
  diff: string;
}

export const THEME_COLORS: Readonly<Record<Theme, Readonly<ThemeColors>>> = {
  light: {
    background: '#ffffff',
    surface: '#f8fafc',
    text: '#111827',
    muted: '#4b5563',
    gridLine: '#e5e7eb',
    bandFill: '#f9fafb',
    bandAltFill: '#f3f4f6',
    axis: '#374151',
    tick: '#1f2937',
    nowCursor: '#7c3aed',
    selection: '#2563eb',
    arrow: '#c026d3',
    diff: '#e11d48',
  },
  dark: {
    background: '#0b1120',
    surface: '#111827',
    text: '#f3f4f6',
    muted: '#9ca3af',
    gridLine: '#1f2937',
    bandFill: '#0f172a',
    bandAltFill: '#131c31',
    axis: '#d1d5db',
    tick: '#e5e7eb',
    nowCursor: '#c4b5fd',
    selection: '#60a5fa',
    arrow: '#e879f9',
    diff: '#fb7185',
  },
};

/** Marker shapes for runs, by how they came to be (run_type, or the operator that triggered it). */
export const MARKER_KINDS = ['scheduled', 'manual', 'asset_triggered', 'backfill', 'operator'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export const MARKER_SHAPES: Readonly<Record<MarkerKind, 'tick' | 'circle' | 'diamond' | 'square' | 'triangle'>> = {
  scheduled: 'tick',
  manual: 'circle',
  asset_triggered: 'diamond',
  backfill: 'square',
  operator: 'triangle',
};

export const MARKER_LABELS: Readonly<Record<MarkerKind, string>> = {
  scheduled: 'scheduled',
  manual: 'manual',
  asset_triggered: 'asset-triggered',
  backfill: 'backfill',
  operator: 'operator (TriggerDagRunOperator)',
};

/** A text glyph per run type, for tables and the grid header (same shapes as the timeline). */
export const MARKER_GLYPHS: Readonly<Record<MarkerKind, string>> = {
  scheduled: '│',
  manual: '●',
  asset_triggered: '◆',
  backfill: '■',
  operator: '▲',
};

export function markerKind(run: { run_type: string; triggered_by: string }): MarkerKind {
  if (run.triggered_by === 'operator') return 'operator';
  if (run.run_type === 'manual' || run.run_type === 'asset_triggered' || run.run_type === 'backfill') return run.run_type;
  return 'scheduled';
}
