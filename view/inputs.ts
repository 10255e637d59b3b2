// The scenario's inputs (REST requests, triggers, queue messages, ...) with their outcome, and the
// asset events tasks emitted, as marks the timeline draws on a DAG's band and the runs table lists.
// A refused request (409, 422, Airflow 2's refusal) is otherwise visible only in the decision log.
import type { RunOutput } from '../core/index.js';
import { parseTime } from './timeline_layout.js';

export type InputType = 'request' | 'message' | 'asset' | 'other';

export interface InputMark {
  /** The event's index in the scenario, or -1 for an asset event a task emitted. */
  index: number;
  at: number;
  iso: string;
  kind: string;
  type: InputType;
  ok: boolean;
  /** HTTP status, 'ok', 'refused', or 'emitted' for a task's asset event. */
  outcome: string;
  /** The band it is drawn on: the run it made, the DAG a refusal names, else null (first band). */
  dag_id: string | null;
  run_id: string | null;
  detail: string;
}

const TYPE_OF: Record<string, InputType> = { api: 'request', trigger: 'request', message: 'message', asset: 'asset' };

/** Every input with its outcome, in time order; `dagIds` are the timeline's bands. */
export function inputMarks(out: Pick<RunOutput, 'event_results' | 'asset_events' | 'dag_runs' | 'log'>, dagIds: readonly string[]): InputMark[] {
  const dagOfRun = new Map<string, string>();
  for (const r of out.dag_runs) if (!dagOfRun.has(r.run_id)) dagOfRun.set(r.run_id, r.dag_id);
  // A refusal's log line names its DAG even when the event result does not.
  const refusedDagAt = new Map<string, string>();
  for (const l of out.log) if (l.kind === 'dag_run.refused' && l.dag_id && !refusedDagAt.has(l.at)) refusedDagAt.set(l.at, l.dag_id);
  const known = new Set(dagIds);
  const marks: InputMark[] = [];
  for (const e of out.event_results) {
    const body = e.response as { dag_id?: unknown } | undefined;
    const fromBody = body && typeof body.dag_id === 'string' ? body.dag_id : null;
    const dag = (e.run_id && dagOfRun.get(e.run_id)) || fromBody || (!e.ok ? refusedDagAt.get(e.at) : undefined) || null;
    marks.push({
      index: e.index, at: parseTime(e.at), iso: e.at, kind: e.kind, type: TYPE_OF[e.kind] ?? 'other', ok: e.ok,
      outcome: e.status !== null ? String(e.status) : e.ok ? 'ok' : 'refused',
      dag_id: dag && known.has(dag) ? dag : null, run_id: e.run_id, detail: e.error ?? '',
    });
  }
  for (const a of out.asset_events) {
    if (!a.source_run_id || !a.source_dag_id) continue; // external events are the messages/inputs above
    marks.push({
      index: -1, at: parseTime(a.timestamp), iso: a.timestamp, kind: 'asset', type: 'asset', ok: true, outcome: 'emitted',
      dag_id: known.has(a.source_dag_id) ? a.source_dag_id : null, run_id: a.source_run_id,
      detail: `${a.asset} from ${a.source_dag_id}.${a.source_task_id}`,
    });
  }
  return marks.sort((x, y) => x.at - y.at || x.index - y.index);
}

/** The marks shown for a set of type filters (empty = all) and "refused only". */
export function filterInputs(marks: readonly InputMark[], types: ReadonlySet<InputType>, refusedOnly: boolean): InputMark[] {
  return marks.filter((m) => (!types.size || types.has(m.type)) && (!refusedOnly || !m.ok));
}
