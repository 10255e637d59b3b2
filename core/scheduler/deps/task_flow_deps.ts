// The task dependencies that branching and setup/teardown add around the trigger rule, in the
// order Airflow's TriggerRuleDep and NotPreviouslySkippedDep apply them. A DAG without branch,
// short-circuit, setup or teardown tasks goes straight to the trigger rule.
import type { Profile } from '../../model/scenario.js';
import type { RunRecord, TaskInstanceRecord } from '../state/records.js';
import { atLeast } from '../../model/profile_order.js';
import { countUpstream, evaluateTriggerRule, type TriggerRuleVerdict } from './trigger_rule.js';
import { notPreviouslySkipped } from './not_previously_skipped.js';
import { dagFlow, setupConstraint, setupCounts, teardownScopeWait } from './setup_teardown.js';
import { upstreamStates } from '../mapped.js';

/** Whether `ti` may run, or the state a rule forces on it. */
export function evaluateTaskDeps(profile: Profile, run: RunRecord, ti: TaskInstanceRecord): TriggerRuleVerdict {
  const counts = countUpstream(upstreamStates(run, ti.index));
  const flow = dagFlow(run.dag);
  const hasSkippers = run.dag.upstream[ti.index].some((u) => run.dag.spec.tasks[u].skip_rule);
  if (!flow && !hasSkippers) return evaluateTriggerRule(ti.task.trigger_rule, counts);
  if (hasSkippers) {
    const why = notPreviouslySkipped(run, ti);
    if (why) return { met: false, reason: why, force: 'skipped' };
  }
  if (!flow) return evaluateTriggerRule(ti.task.trigger_rule, counts);
  const teardown = ti.task.role === 'teardown';
  // No upstream and `always` pass before any setup check (TriggerRuleDep._get_dep_statuses).
  if (counts.upstream === 0 || ti.task.trigger_rule === 'always') return evaluateTriggerRule(ti.task.trigger_rule, counts);
  let setupWait: string | null = null;
  if (!teardown) {
    const sc = setupConstraint(run, ti);
    if (sc.wait && sc.force) return { met: false, reason: sc.reason, force: sc.force };
    if (sc.wait) setupWait = sc.reason;
  }
  const tr = evaluateTriggerRule(ti.task.trigger_rule, counts, teardown ? setupCounts(run, ti) : undefined);
  if (!tr.met) return tr;
  if (setupWait) return { met: false, reason: setupWait };
  if (teardown && atLeast(profile, '3.2')) {
    const scope = teardownScopeWait(run, ti);
    if (scope) return { met: false, reason: scope };
  }
  return tr;
}
