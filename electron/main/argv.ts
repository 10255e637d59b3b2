// Which scenario file a command line names: `windtunnel file.windtunnel.yaml` (packaged, and file
// association on Linux and Windows), `electron . file.yaml` (development), or a second launch
// forwarded to the running instance.
import { isAbsolute, resolve } from 'node:path';
import { isScenarioPath } from './document_session.js';

export interface ArgvOptions {
  cwd: string;
  /** Packaged: argv is [app, ...args]. Development: [electron, appPath, ...args]. */
  isPackaged: boolean;
}

/** The last argument that looks like a scenario file, made absolute; null if none. Switches
 * (anything starting with '-', including Chromium's) are skipped. */
export function documentPathFromArgv(argv: readonly string[], options: ArgvOptions): string | null {
  const args = argv.slice(options.isPackaged ? 1 : 2);
  for (let i = args.length - 1; i >= 0; i--) {
    const arg = args[i];
    if (arg.startsWith('-') || !isScenarioPath(arg)) continue;
    return isAbsolute(arg) ? arg : resolve(options.cwd, arg);
  }
  return null;
}
