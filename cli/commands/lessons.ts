// `windtunnel lessons`: the built-in lessons with the question each answers.
import type { Command } from 'commander';
import { listLessons } from '../../core/index.js';

export function register(program: Command): void {
  program
    .command('lessons')
    .description('list the built-in lessons (run one with `windtunnel run --lesson NAME`)')
    .action(() => {
      for (const l of listLessons()) process.stdout.write(`${l.name}\n  ${l.title}${l.question ? `\n  Q: ${l.question}` : ''}\n`);
    });
}
