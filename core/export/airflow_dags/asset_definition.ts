// An exported DAG file's asset lines: Airflow 3's Asset (with watchers and their queue), or
// Airflow 2.11's Dataset, identified by its URI alone.
import type { AssetSpec } from '../../model/scenario.js';
import { INDENT, pyStr } from './python.js';

export function assetDefinition(spec: AssetSpec, v: string, watchers: AssetSpec['watchers'], queueLines: string[], imports: Set<string>): string {
  imports.add('from airflow.sdk import Asset');
  const args = [`name=${pyStr(spec.name)}`];
  if (spec.uri !== spec.name) args.push(`uri=${pyStr(spec.uri)}`);
  if (watchers.length === 0) return `${v} = Asset(${args.join(', ')})`;
  imports.add('from airflow.sdk import AssetWatcher');
  imports.add('import os');
  imports.add('from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger');
  for (const w of watchers) {
    const env = `WINDTUNNEL_QUEUE_${w.queue.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const line = `${INDENT}${pyStr(w.queue)}: os.environ.get(${pyStr(env)}, ${pyStr(w.queue)}),`;
    if (!queueLines.includes(line)) queueLines.push(line);
  }
  const ws = watchers.map((w) => `${INDENT}${INDENT}AssetWatcher(name=${pyStr(w.name)}, trigger=MessageQueueTrigger(queue=QUEUES[${pyStr(w.queue)}])),`);
  return [`${v} = Asset(`, ...args.map((a) => `${INDENT}${a},`), `${INDENT}watchers=[`, ...ws, `${INDENT}],`, ')'].join('\n');
}

/** Airflow 2.11 knows assets as datasets, identified by their URI alone. */
export function datasetDefinition(spec: AssetSpec, v: string, imports: Set<string>): string {
  imports.add('from airflow.datasets import Dataset');
  return `${v} = Dataset(${pyStr(spec.uri)})`;
}
