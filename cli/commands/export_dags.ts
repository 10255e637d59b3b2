// `windtunnel export-dags FILE --out DIR`: the scenario as Airflow 3.1 DAG files (one per DAG), a
// replay_events.py that sends its events to a real Airflow's REST API, and an .airflowignore.
// What cannot be expressed in Airflow is printed (stderr) and written into the files' headers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportAirflowDagsFromText, groupNotes, pathList } from '../../core/index.js';
import { formatError } from '../../core/index.js';
import { CliError, profileOption, readScenarioText } from '../load.js';

export function register(program: Command): void {
  program
    .command('export-dags')
    .description('write the scenario as DAG files for its profile\'s Airflow (3.1 for 3.0, 2.11 for 2) plus replay_events.py')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--lesson <name>', 'export a built-in lesson instead of a file')
    .option('--verbose', 'also print how every key was expressed (info notes)')
    .option('--profile <profile>', 'write DAG files for this Airflow profile (2, 3.0, 3.1, 3.2, 3.3) whatever the file says')
    .addHelpText('after', '\nExample: windtunnel export-dags scenario.yaml --out airflow/dags\n         python airflow/dags/replay_events.py --base-url http://localhost:8080 --token "$TOKEN"')
    .action((file: string | undefined, opts: { out: string; lesson?: string; verbose?: boolean; profile?: string }) => {
      const { text, name } = readScenarioText(file, opts.lesson);
      const result = exportAirflowDagsFromText(text, name, profileOption(opts.profile, 'export-dags'));
      if (!result.ok) throw new CliError(result.errors.map(formatError).join('\n'), 1);
      try {
        mkdirSync(opts.out, { recursive: true });
        for (const f of result.export.files) writeFileSync(join(opts.out, f.path), f.text);
      } catch (err) {
        throw new CliError(`${opts.out}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
      }
      for (const g of groupNotes(result.export.notes)) {
        if (g.level !== 'warning' && !opts.verbose) continue;
        const where = g.paths.length === 0 || (g.paths.length === 1 && g.message.startsWith(g.paths[0].replace(/^dags\[\d+\]\./, ''))) ? '' : ` (${pathList(g.paths)})`;
        process.stderr.write(`${g.level === 'warning' ? 'note' : 'info'}: ${g.message}${where}\n`);
      }
      for (const f of result.export.files) process.stdout.write(`${join(opts.out, f.path)}\n`);
    });
}
