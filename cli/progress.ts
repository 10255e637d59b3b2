// A progress bar on stderr for long simulations, only when stderr is a terminal.
import cliProgress from 'cli-progress';

export function progressReporter(label: string): { update(fraction: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% simulated`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  bar.start(100, 0);
  return { update: (f) => bar.update(Math.round(f * 100)), stop: () => bar.stop() };
}
