// TriggerRuleDep (ti_deps/deps/trigger_rule_dep.py): counts the direct upstream TIs' states and
// answers whether the task may run, or which state the rule forces on it (flag_upstream_failed).
import type { TaskState } from '../../model/output.js';
import type { TriggerRule } from '../../model/scenario.js';
import { TextMemo, packKey } from '../../util/text_memo.js';

export interface UpstreamCounts {
  upstream: number;
  success: number;
  skipped: number;
  failed: number;
  upstream_failed: number;
  removed: number;
  done: number;
}

/** A teardown's direct upstream setup instances (deps/setup_teardown.ts). */
export interface SetupCounts { upstream: number; success: number; skipped: number }

export function countUpstream(states: TaskState[]): UpstreamCounts {
  const c: UpstreamCounts = { upstream: states.length, success: 0, skipped: 0, failed: 0, upstream_failed: 0, removed: 0, done: 0 };
  for (const s of states) {
    if (s === 'success') c.success++;
    else if (s === 'skipped') c.skipped++;
    else if (s === 'failed') c.failed++;
    else if (s === 'upstream_failed') c.upstream_failed++;
    else if (s === 'removed') c.removed++;
    if (s === 'success' || s === 'skipped' || s === 'failed' || s === 'upstream_failed' || s === 'removed') c.done++;
  }
  return c;
}

const NO_UPSTREAM: Partial<Record<TriggerRule, string>> = {};

export type TriggerRuleVerdict =
  | { met: true; reason: string }
  | { met: false; reason: string; force?: 'upstream_failed' | 'skipped' };

// Every task of every run asks this, usually with the same counts: each reason is made once.
const reasons = new TextMemo();
const ruleIds = new Map<TriggerRule, number>();

function reason(rule: TriggerRule, met: boolean, c: UpstreamCounts): string {
  let r = ruleIds.get(rule);
  if (r === undefined) ruleIds.set(rule, (r = ruleIds.size));
  const make = () => {
    const summary = `upstream: ${c.success} success, ${c.skipped} skipped, ${c.failed} failed, ${c.upstream_failed} upstream_failed, ${c.done}/${c.upstream} done`;
    return met ? `trigger rule ${rule} met (${summary})` : `trigger rule ${rule} not met (${summary})`;
  };
  // The rule and met, then the six counts the text shows, each below 256: 5 + 48 bits, a safe integer.
  let key = r < 16 ? r * 2 + (met ? 1 : 0) : -1;
  for (const n of [c.success, c.skipped, c.failed, c.upstream_failed, c.done, c.upstream]) key = packKey(key, n, 256);
  return key < 0 ? make() : reasons.get(key, make);
}

/** Evaluate a trigger rule over direct upstream counts, as Airflow does with flag_upstream_failed. */
export function evaluateTriggerRule(rule: TriggerRule, c: UpstreamCounts, setups?: SetupCounts): TriggerRuleVerdict {
  const upstreamDone = c.done >= c.upstream;
  const fails = c.failed + c.upstream_failed;
  if (c.upstream === 0 || rule === 'always') return { met: true, reason: (NO_UPSTREAM[rule] ??= `trigger rule ${rule}: no upstream to wait for`) };
  const no = (force?: 'upstream_failed' | 'skipped'): TriggerRuleVerdict => ({ met: false, reason: reason(rule, false, c), force });
  const yes = (): TriggerRuleVerdict => ({ met: true, reason: reason(rule, true, c) });
  switch (rule) {
    case 'all_success':
      if (fails > 0) return no('upstream_failed');
      if (c.skipped > 0) return no('skipped');
      return c.upstream - c.success - c.removed === 0 ? yes() : no();
    case 'all_failed':
      if (c.success + c.skipped > 0) return no('skipped');
      return c.upstream - c.failed - c.upstream_failed === 0 ? yes() : no();
    case 'all_done':
      return upstreamDone ? yes() : no();
    case 'all_done_setup_success': {
      // A teardown: all done, and one of its direct setups succeeded (none at all: all_done).
      const s = setups ?? { upstream: 0, success: 0, skipped: 0 };
      if (upstreamDone && s.upstream > 0 && s.skipped >= s.upstream) return no('skipped');
      if (upstreamDone && s.upstream > 0 && s.success === 0) return no('upstream_failed');
      return upstreamDone ? yes() : no();
    }
    case 'all_done_min_one_success': {
      if (c.skipped > 0) return no('skipped');
      const nonSkippedDone = c.success + c.failed + c.upstream_failed + c.removed;
      if (nonSkippedDone >= c.upstream - c.skipped) return c.success >= 1 ? yes() : no('upstream_failed');
      return no();
    }
    case 'one_success':
      if (c.success >= 1) return yes();
      if (upstreamDone && c.skipped === c.upstream) return no('skipped');
      if (upstreamDone) return no('upstream_failed');
      return no();
    case 'one_failed':
      if (fails >= 1) return yes();
      if (upstreamDone) return no('skipped');
      return no();
    case 'one_done':
      if (c.success + c.failed >= 1) return yes();
      if (upstreamDone) return no('skipped');
      return no();
    case 'none_failed':
      if (fails > 0) return no('upstream_failed');
      return c.upstream - c.success - c.skipped - c.removed === 0 ? yes() : no();
    case 'none_failed_min_one_success':
      if (fails > 0) return no('upstream_failed');
      if (upstreamDone && c.skipped === c.upstream) return no('skipped');
      return c.upstream - c.success - c.skipped - c.removed === 0 ? yes() : no();
    case 'none_skipped':
      if (c.skipped > 0) return no('skipped');
      return upstreamDone ? yes() : no();
    case 'all_skipped':
      if (c.success + c.failed + c.upstream_failed > 0) return no('skipped');
      return c.upstream - c.skipped === 0 ? yes() : no();
  }
}
