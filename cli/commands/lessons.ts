// `windtunnel lessons`: the built-in lessons with the question each answers; with --format json,
// every lesson with its profiles, claims and guided steps (questions and how each is checked).
import type { Command } from 'commander';
import { listLessons } from '../../core/index.js';

export function register(program: Command): void {
  program
    .command('lessons')
    .description('list the built-in lessons (run one with `windtunnel run --lesson NAME`)')
    .option('--format <format>', 'table | json', 'table')
    .action((opts: { format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') {
        process.stderr.write(`error: --format must be table or json, not '${opts.format}'\n`);
        process.exitCode = 2;
        return;
      }
      const lessons = listLessons();
      if (opts.format === 'json') {
        const list = lessons.map((l) => ({
          name: l.name, title: l.title, question: l.question,
          profiles: l.teaching.profiles, claims: l.teaching.claims, steps: l.teaching.steps,
        }));
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      for (const l of lessons) process.stdout.write(`${l.name}\n  ${l.title}${l.question ? `\n  Q: ${l.question}` : ''}\n`);
    });
}
