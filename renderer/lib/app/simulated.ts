// An engine reply made ready to show: the output with its timeline layout, playback steps and
// per-task history, computed once per reply (every view reads these, none recomputes them).
import type { Profile, ScenarioError } from '../../../core/index.js';
import { PROFILES as CORE_PROFILES } from '../../../core/index.js';
import { layoutTimeline } from '../../../view/timeline_layout.js';
import { buildSteps, buildTiHistory } from '../../../view/playback.js';
import type { RunReply } from '../protocol.js';
import type { CompareSide, Simulated } from './types.js';

export function simulated(reply: Pick<Extract<RunReply, { ok: true }>, 'output' | 'scenario' | 'elapsed_ms'>): Simulated {
  const layout = layoutTimeline(reply.output, { dagIds: reply.scenario.dag_ids });
  return {
    output: reply.output, summary: reply.scenario, layout,
    steps: buildSteps(reply.output.log), tiHistory: buildTiHistory(reply.output.log), elapsed_ms: reply.elapsed_ms,
  };
}

/** An output's `airflow` as a profile; anything unknown reads as 3.1, as before 3.2 existed. */
const profileOf = (p: string): Profile => ((CORE_PROFILES as readonly string[]).includes(p) ? p as Profile : '3.1');

/** A compare side named `label` for a simulation (or its errors), its profile read from the output. */
export function sideOf(label: string, sim: Simulated | null, errors: ScenarioError[] = []): CompareSide {
  return { label, profile: profileOf(sim?.output.airflow ?? '3.1'), sim, errors };
}
