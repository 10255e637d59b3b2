// `windtunnel validate FILE`: exit 0 when valid, else every error as FILE:LINE:COL path: message.
import type { Command } from 'commander';
import { loadScenario } from '../load.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem with its line and column')
    .argument('<file>', 'scenario file')
    .action((file: string) => {
      const s = loadScenario(file);
      process.stdout.write(`${file}: valid (${s.dags.length} DAG${s.dags.length === 1 ? '' : 's'}, ${s.events.length} event${s.events.length === 1 ? '' : 's'})\n`);
    });
}
