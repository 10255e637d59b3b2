// The explorer's app model: what components import. AppModel is built in layers, one concept each
// (renderer/lib/app/), every layer adding behaviour over the one state below:
//   state.svelte.ts  all the $state fields (text, engine answer, clock, selection, compare, history…)
//   playback.ts      the virtual clock: bounds, stepping decision by decision, playing
//   selection.ts     the selected run and task
//   simulation.ts    the main worker session: load, edit, run, show a reply
//   compare.ts       compare mode: one worker session per profile, each side against A
//   what_if.ts       a history's what-if re-simulated against its actual runs
//   live.ts          watching a `windtunnel serve`
//   documents.ts     the open document: lessons, files, desktop main, save
//   export.ts        SVG, PNG, CSV and JSON exports of the run shown
// A layer that needs one above it declares it abstract (e.g. load() stops a live watch).
import { Exporting } from './app/export.js';

export { simulated } from './app/simulated.js';
export {
  MAX_COMPARE_SIDES, PROFILES, SPEEDS,
  type CompareSide, type CompareState, type LiveState, type Selection, type SidePanel, type Simulated, type Tab, type Zoom,
} from './app/types.js';

export class AppModel extends Exporting {}
