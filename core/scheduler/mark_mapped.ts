// Which task instances a task mark (PATCH .../taskInstances/{task_id}[/{map_index}]) touches.
// 3.1+: without a map index every instance of the task, by map_index (a mapped task's whole map);
// with one, that instance or 404 (A3.1-A3.3/api_fastapi/core_api/services/public/task_instances.py
// _patch_ti_validate_request, map_index None -> no filter). 3.0 looks up map_index -1 when none is
// given, so a mapped task is 404 there (A3.0/.../routes/public/task_instances.py:729-758).
import type { RunRecord, TaskInstanceRecord } from './state/records.js';
import type { Profile } from '../model/scenario.js';
import { tisOfTask } from './mapped.js';

export function tisToMark(profile: Profile, run: RunRecord, task_id: string, map_index: number | undefined): TaskInstanceRecord[] | { status: number; error: string } {
  const all = tisOfTask(run, run.dag.taskIndex.get(task_id) ?? -1);
  const want = map_index ?? (profile === '3.0' || profile === '2' ? -1 : null);
  const tis = want === null ? all : all.filter((t) => t.map_index === want);
  if (tis.length > 0) return tis;
  const dag_id = run.dag.spec.dag_id;
  const error = profile === '3.0' || profile === '2'
    ? `Task Instance not found for dag_id=${dag_id}, run_id=${run.run_id}, task_id=${task_id}`
    : `The Task Instance with dag_id: \`${dag_id}\`, run_id: \`${run.run_id}\`, task_id: \`${task_id}\` and map_index: \`${want ?? 'None'}\` was not found`;
  return { status: 404, error };
}
