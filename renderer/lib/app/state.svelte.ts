// The app's state in one place: the scenario text, the engine's last answer, the virtual clock, the
// selection, compare mode, histories and the views' settings. Components read these fields (and
// set a few directly, e.g. `tab`); the layers above (playback … export) hold the behaviour, and
// AppModel (../app.svelte.ts) is the top one. Only the layers talk to the worker.
import type { Profile, PriorRunOrder, ScenarioError } from '../../../core/index.js';
import type { Theme } from '../../../view/colors.js';
import { startWorker, type WorkerClient } from '../client.js';
import type { HistoryInfo, LessonInfo, Source } from '../protocol.js';
import type { FetchLike } from '../live_client.js';
import { desktop, type RecentEntry, type WindtunnelDesktopApi } from '../desktop.js';
import type { CompareState, LiveState, Selection, SidePanel, Simulated, Tab, Zoom } from './types.js';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('windtunnel.theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch { /* storage may be unavailable */ }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

export class AppState {
  readonly client: WorkerClient;
  readonly desktop: WindtunnelDesktopApi | null;

  theme = $state<Theme>(initialTheme());
  text = $state('');
  file = $state('scenario.yaml');
  docName = $state('untitled');
  docPath = $state<string | null>(null);
  dirty = $state(false);
  recent = $state.raw<RecentEntry[]>([]);
  /** The export chooser (Export… in the toolbar or the File menu) is open. */
  exportOpen = $state(false);
  errors = $state.raw<ScenarioError[]>([]);
  warnings = $state.raw<ScenarioError[]>([]);
  busy = $state(false);
  status = $state('');
  sim = $state.raw<Simulated | null>(null);
  profile = $state<Profile | 'scenario'>('scenario');
  priorRunOrder = $state<PriorRunOrder | 'scenario'>('scenario');

  clock = $state(Infinity);
  /** Decisions done when stepping one at a time (several can share an instant); null: all up to the clock. */
  stepIndex = $state<number | null>(null);
  playing = $state(false);
  speed = $state(3600);

  selection = $state.raw<Selection | null>(null);
  tab = $state<Tab>('runs');
  side = $state<SidePanel>('editor');
  lessons = $state.raw<LessonInfo[]>([]);
  lesson = $state.raw<LessonInfo | null>(null);
  compareOn = $state(false);
  /** The capacity charts under the timeline (renderer/capacity). */
  capacityOn = $state(false);
  /** The profiles compare mode replays, A first (two to MAX_COMPARE_SIDES). */
  compareProfiles = $state<Profile[]>(['2', '3.3']);
  compare = $state.raw<CompareState | null>(null);
  zoom = $state.raw<Zoom>(null);
  gridDag = $state<string | null>(null);
  message = $state('');

  /** What the open document holds: a scenario, or a history shown read-only (a file or a live server). */
  source = $state<Source>('scenario');
  history = $state.raw<HistoryInfo | null>(null);
  /** For a history: the what-if scenario in the editor (not part of the document). */
  whatIfText = $state('');
  whatIfErrors = $state.raw<ScenarioError[]>([]);
  whatIfWarnings = $state.raw<ScenarioError[]>([]);
  /** How the what-if carried the history over, in words. */
  whatIfNotes = $state.raw<string[]>([]);
  live = $state.raw<LiveState | null>(null);
  /** The attach dialog is open. */
  attachOpen = $state(false);

  /** Browser: the text last opened or downloaded (dirty = the editor differs from it). */
  protected baseline = '';
  protected readonly fetchFn: FetchLike;

  constructor(client?: WorkerClient, desktopApi: WindtunnelDesktopApi | null = desktop(), fetchFn: FetchLike = defaultFetch) {
    this.client = client ?? startWorker();
    this.desktop = desktopApi;
    this.fetchFn = fetchFn;
  }

  setTheme(t: Theme): void {
    this.theme = t;
    try { localStorage.setItem('windtunnel.theme', t); } catch { /* ignore */ }
  }
}
