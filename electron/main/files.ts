// Reading scenario files: regular files only, of a size a scenario can have, as UTF-8.
import { readFile, stat } from 'node:fs/promises';
import { MAX_DOCUMENT_CHARS } from '../common/ipc.js';

export const MAX_SCENARIO_BYTES = MAX_DOCUMENT_CHARS;

export async function readScenarioFile(path: string): Promise<string> {
  const s = await stat(path);
  if (!s.isFile()) throw new Error(`${path} is not a file`);
  if (s.size > MAX_SCENARIO_BYTES) throw new Error(`${path} is larger than ${MAX_SCENARIO_BYTES / (1024 * 1024)} MB: not a scenario`);
  const bytes = await readFile(path);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error(`${path} is not UTF-8 text`);
  }
}
