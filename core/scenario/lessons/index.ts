// Built-in lessons: plain scenario files whose description holds the narrative (Markdown),
// a title (the first heading) and the question the lesson answers (a "**Question:**" line).
import { LESSON_SOURCES } from './lessons_data.js';
import { readTeaching, type Teaching } from './teaching.js';

export interface Lesson {
  name: string;
  title: string;
  question: string;
  narrative: string;
  text: string;
  /** Profiles, claims and guided steps from the file's `lesson:` block. */
  teaching: Teaching;
  /** Located problems in the `lesson:` block (a test keeps built-in lessons free of them). */
  teachingErrors: string[];
}

function descriptionOf(text: string): string {
  const m = /^description:\s*\|[-+]?\s*\n((?:[ \t]+.*\n|\s*\n)*)/m.exec(text);
  if (!m) return '';
  const lines = m[1].split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n').trim();
}

export function listLessons(): Lesson[] {
  return Object.keys(LESSON_SOURCES).sort().map((name) => getLesson(name)!);
}

export function getLesson(name: string): Lesson | undefined {
  const text = LESSON_SOURCES[name];
  if (text === undefined) return undefined;
  const narrative = descriptionOf(text);
  const title = /^#\s+(.+)$/m.exec(narrative)?.[1].trim() ?? name;
  const question = /\*\*Question:\*\*\s*(.+)$/m.exec(narrative)?.[1].trim() ?? '';
  const { teaching, errors } = readTeaching(text);
  return { name, title, question, narrative, text, teaching, teachingErrors: errors };
}
