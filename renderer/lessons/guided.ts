// Guided-lesson state kept on this machine: the step a learner is on and the answers given,
// per lesson, in localStorage (absent or unreadable storage just means starting over).
export interface Progress { step: number; answers: Record<number, number> }

const key = (lesson: string) => `windtunnel.lesson.${lesson}`;

export function loadProgress(lesson: string): Progress {
  try {
    const raw = JSON.parse(localStorage.getItem(key(lesson)) ?? 'null') as Progress | null;
    if (raw && Number.isInteger(raw.step) && raw.step >= 0 && raw.answers && typeof raw.answers === 'object') return raw;
  } catch { /* storage unavailable or corrupt: start over */ }
  return { step: 0, answers: {} };
}

export function saveProgress(lesson: string, p: Progress): void {
  try { localStorage.setItem(key(lesson), JSON.stringify(p)); } catch { /* storage may be unavailable */ }
}

/** The bottom tab a step's `highlight.view` asks for (the timeline is always shown). */
export function tabOfView(view: string | undefined): 'runs' | 'grid' | 'log' | 'sql' | 'compare' | null {
  switch (view) {
    case 'runs': return 'runs';
    case 'grid': return 'grid';
    case 'decisions': return 'log';
    case 'sql': return 'sql';
    case 'compare': return 'compare';
    default: return null;
  }
}
