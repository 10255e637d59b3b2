// One place that turns a run's output into export bytes, for `windtunnel export` and for the
// desktop app's Export menu (electron/main), so both write identical files for the same run.
import type { RunOutput } from '../core/index.js';
import { dagRunsCsv, taskInstancesCsv } from '../core/index.js';
import { runOutputJson } from '../core/index.js';
import type { ExportFormat } from '../core/index.js';
import { timelineSvg, type TimelineSvgOptions } from '../view/timeline_svg.js';
import { svgToPng } from './png.js';
import { computeStats, type StatsConfig } from '../core/index.js';
import { statsCsv } from '../core/index.js';

export interface ExportOptions {
  /** PNG only: device pixels per SVG pixel. */
  scale?: number;
  /** SVG and PNG: the timeline as a window shows it (zoom, theme, clock, selection); default the whole run. */
  view?: { domain?: readonly [number, number]; theme?: 'light' | 'dark'; dag_ids?: readonly string[]; clock?: number; selected?: { dag_id: string; run_id: string } | null };
}

/** The app's export width (the CLI's SVGs keep timelineSvg's default). */
const VIEW_WIDTH = 1400;

function svgOptions(view: ExportOptions['view']): TimelineSvgOptions {
  if (!view) return {};
  return {
    width: VIEW_WIDTH,
    ...(view.domain ? { domain: view.domain } : {}),
    ...(view.theme ? { theme: view.theme } : {}),
    ...(view.dag_ids ? { dagIds: view.dag_ids } : {}),
    ...(view.clock !== undefined ? { clock: view.clock } : {}),
    ...(view.selected !== undefined ? { selected: view.selected } : {}),
  };
}

const utf8 = new TextEncoder();

export function renderExport(output: RunOutput, format: ExportFormat, options: ExportOptions = {}): Uint8Array {
  switch (format) {
    case 'svg': return utf8.encode(timelineSvg(output, svgOptions(options.view)));
    case 'png': return svgToPng(timelineSvg(output, svgOptions(options.view)), { scale: options.scale });
    case 'dag_runs_csv': return utf8.encode(dagRunsCsv(output));
    case 'task_instances_csv': return utf8.encode(taskInstancesCsv(output));
    case 'json': return utf8.encode(runOutputJson(output));
  }
}

/** The capacity figures of a run (`export --stats` / `--stats-csv`): the same bytes as `windtunnel stats --format json|csv`. */
export function statsExport(output: RunOutput, format: 'json' | 'csv', config: StatsConfig = {}): Uint8Array {
  const stats = computeStats(output, config);
  return utf8.encode(format === 'json' ? JSON.stringify(stats, null, 1) + '\n' : statsCsv(stats));
}
