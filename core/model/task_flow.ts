// Task semantics that steer the rest of a run: what a branch or short-circuit task decides (the
// SkipMixin operators) and a task's setup/teardown role (as_setup / as_teardown).

/** What a BranchPythonOperator / ShortCircuitOperator task decides when its try succeeds. */
export type SkipRule =
  /** `branch: "<template>"`: the rendered text names the task_ids to follow, comma-separated. */
  | { kind: 'branch'; follow: string }
  /** `branch: {choose: [...]}`: one entry per run, picked by a hash of seed, dag, run and task. */
  | { kind: 'branch_choice'; choices: string[][] }
  /** `condition: "<template>"`: a false rendering ("", False, 0, None) skips the downstream tasks. */
  | { kind: 'short_circuit'; condition: string; ignore_downstream_trigger_rules: boolean };

export type TaskRole = 'setup' | 'teardown';

/** The FNV-1a hash (32 bits, over UTF-8) that picks a `branch: {choose}` entry; DAG files use the same. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** The entry of `choices` a run takes. */
export function branchChoice(choices: string[][], seed: number, dag_id: string, run_id: string, task_id: string): string[] {
  return choices[fnv1a(`${seed}:${dag_id}:${run_id}:${task_id}`) % choices.length];
}
