// `windtunnel validate FILE`: exit 0 when valid, else every error as FILE:LINE:COL path: message.
// A history (the JSON `windtunnel import` writes) is checked as the app and `export` read it.
import type { Command } from 'commander';
import { formatError, readHistoryText } from '../../core/index.js';
import { CliError, loadScenario, profileOption, readScenarioText } from '../load.js';
import { checkWork } from '../work_budget.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a scenario (or history) file and list every problem with its line and column')
    .argument('<file>', 'scenario file, or a history JSON from `windtunnel import`')
    .option('--profile <profile>', 'check the scenario as this Airflow profile, whatever the file says')
    .action((file: string, opts: { profile?: string }) => {
      const profile = profileOption(opts.profile, 'validate');
      if (/\.json$/i.test(file)) {
        const history = readHistoryText(readScenarioText(file, undefined).text, file);
        if (history && !history.ok) throw new CliError(history.errors.map(formatError).join('\n'), 1);
        if (history?.ok) {
          const f = history.file;
          const runs = f.kind === 'history' ? `${f.output.dag_runs.length} dag runs` : `${f.actual.dag_runs.length} actual and ${f.what_if.dag_runs.length} what-if dag runs`;
          process.stdout.write(`${file}: valid history (${runs})\n`);
          return;
        }
      }
      const s = loadScenario(file, undefined, profile, true);
      checkWork(s, { file, warnOnly: true });
      process.stdout.write(`${file}: valid (${s.dags.length} DAG${s.dags.length === 1 ? '' : 's'}, ${s.events.length} event${s.events.length === 1 ? '' : 's'})\n`);
    });
}
