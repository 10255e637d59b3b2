// The shapes the app model shows its views: a simulation, tabs, the selection, the zoom window,
// compare sides, a live server's state, and the pickers' choices.
import type { Profile, RunOutput, ScenarioError } from '../../../core/index.js';
import { PROFILES as CORE_PROFILES } from '../../../core/index.js';
import type { CompareResult } from '../../../view/compare.js';
import type { Steps, TiHistory } from '../../../view/playback.js';
import type { TimelineLayout } from '../../../view/timeline_layout.js';
import type { LiveFailure } from '../live_client.js';
import type { ScenarioSummary } from '../protocol.js';

export type Tab = 'runs' | 'grid' | 'log' | 'sql' | 'next' | 'compare';
export type SidePanel = 'lesson' | 'editor';
export interface Selection { run: number; task?: string }
/** The visible time window [t0, t1] in epoch ms; null shows everything. Shared by timelines. */
export type Zoom = readonly [number, number] | null;

/** An engine reply made ready to show (see simulated.ts). */
export interface Simulated {
  output: RunOutput;
  summary: ScenarioSummary;
  layout: TimelineLayout;
  steps: Steps;
  tiHistory: Map<string, TiHistory>;
  elapsed_ms: number;
}

/** One side of compare mode: a profile's replay, or (for a history) the actual runs or the what-if. */
export interface CompareSide { label: string; profile: Profile; sim: Simulated | null; errors: ScenarioError[] }

/** Watching a `windtunnel serve`: where, how it goes, and what it said last. */
export interface LiveState {
  url: string;
  status: 'connecting' | 'live' | 'reconnecting' | 'stopped';
  /** The last failure, while reconnecting or after a stop. */
  failure: LiveFailure | null;
  /** The server's virtual clock at the last answer. */
  now: string | null;
  polls: number;
}
/**
 * A and B, and (profiles only) further sides C, D…, each compared with A. `result` is A vs B.
 */
export interface CompareState { a: CompareSide; b: CompareSide; result: CompareResult | null; more?: Array<{ side: CompareSide; result: CompareResult | null }> }
/** At most this many profiles side by side. */
export const MAX_COMPARE_SIDES = 4;

/** The profile picker's choices: the engine's own list, oldest first. */
export const PROFILES: readonly Profile[] = CORE_PROFILES;
export const SPEEDS: Array<{ label: string; secondsPerSecond: number }> = [
  { label: '1 min/s', secondsPerSecond: 60 },
  { label: '10 min/s', secondsPerSecond: 600 },
  { label: '1 h/s', secondsPerSecond: 3600 },
  { label: '6 h/s', secondsPerSecond: 21600 },
  { label: '1 day/s', secondsPerSecond: 86400 },
];

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
