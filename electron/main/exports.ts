// File › Export: the renderer sends the run output; main asks where to save and writes the bytes
// the CLI's `windtunnel export` would write for the same run.
import { extname, basename } from 'node:path';
import { EXPORT_FORMAT_INFO } from '../../core/index.js';
import type { ExportFormat } from '../../core/index.js';
import type { RunOutput } from '../../core/index.js';
import type { ExportRequest, ExportResult, ExportView } from '../common/ipc.js';

export interface ExportDeps {
  showSave(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  render(output: RunOutput, format: ExportFormat, options: { scale?: number; view?: ExportView }): Uint8Array;
  write(path: string, bytes: Uint8Array): Promise<unknown>;
  showError(message: string, detail: string): Promise<void> | void;
}

/** A file name safe on every platform, from a scenario name (already [A-Za-z0-9_.-]+ when valid). */
export function safeFileStem(name: string): string {
  const stem = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '');
  return stem.length ? stem.slice(0, 100) : 'windtunnel';
}

export async function exportRun(request: ExportRequest, deps: ExportDeps): Promise<ExportResult> {
  const info = EXPORT_FORMAT_INFO[request.format];
  const chosen = await deps.showSave(info.suggestedName(safeFileStem(request.output.scenario)), {
    name: info.label, extensions: [info.extension],
  });
  if (chosen === null) return { ok: false, reason: 'canceled' };
  const path = extname(basename(chosen)) === '' ? `${chosen}.${info.extension}` : chosen;
  try {
    const bytes = deps.render(request.output, request.format, { scale: request.scale, ...(request.view ? { view: request.view } : {}) });
    await deps.write(path, bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.showError(`Could not export ${basename(path)}.`, message);
    return { ok: false, reason: 'error', message };
  }
  return { ok: true, path, format: request.format };
}
