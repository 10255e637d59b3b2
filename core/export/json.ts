// The run output as a JSON document: the exact text `windtunnel run --format json` prints, so an
// export from the app, from `windtunnel export --json` and from `run` compare equal byte for byte.
// `run` itself streams the same bytes in pieces (json_chunks.ts): a big output is past V8's
// longest string.
import type { RunOutput } from '../model/output.js';

export function runOutputJson(output: RunOutput): string {
  return JSON.stringify(output, null, 2) + '\n';
}
