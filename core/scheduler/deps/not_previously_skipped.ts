// NotPreviouslySkippedDep (ti_deps/deps/not_previously_skipped_dep.py): a task whose direct
// upstream branch or short-circuit task decided against it is skipped again, even when it was
// cleared after the decision. It reads the parent's `skipmixin_key` XCom (skip_mixin.ts).
import type { RunRecord, TaskInstanceRecord } from '../state/records.js';
import { FINISHED_TI_STATES } from '../state/records.js';
import { skipRecordOf } from '../skip_mixin.js';

/** The reason to skip `ti`, or null when no finished parent decided against it. */
export function notPreviouslySkipped(run: RunRecord, ti: TaskInstanceRecord): string | null {
  for (const u of run.dag.upstream[ti.index]) {
    const parent = run.tis[u];
    if (!parent || !parent.task.skip_rule || !FINISHED_TI_STATES.has(parent.state)) continue;
    const rec = skipRecordOf(parent);
    if (!rec) continue;
    const id = ti.task.task_id;
    if ((rec.followed && !rec.followed.includes(id)) || (rec.skipped && rec.skipped.includes(id))) {
      return `Skipping because of previous XCom result from parent task ${parent.task.task_id} (NotPreviouslySkippedDep)`;
    }
  }
  return null;
}
