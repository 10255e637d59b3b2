// The decision log, stored by column: a 10-year hourly run writes ~2.9 million lines, and as one
// object each (plus a boxed number for the instant and a string for the kind) they took ~450 MB.
// Here a line is ~32 bytes in typed-array chunks: its instant, its kind, DAG, task and reason as
// indices into tables of distinct strings, and its run (and the run it looked at) as run ids. Lines
// come back as ordinary LogEntry objects when read, so readers see the same shape as before.
import type { Instant } from '../../model/scenario.js';
import type { LogEntryOut } from '../../model/output.js';

/** A log line as the engine keeps it: the output's shape with `at` still an instant. */
export type LogEntry = Omit<LogEntryOut, 'at'> & { at: Instant };

/** Whatever names a run in the log: its id (1-based position in `runs`) and its run_id. */
interface RunRef { id: number; run_id: string }

// Chunks of fixed size: growing never copies what is already written (a doubling array would
// briefly hold two copies of ~90 MB).
const SHIFT = 15;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

class Chunk {
  readonly at = new Float64Array(CHUNK);
  readonly kind = new Int32Array(CHUNK);
  readonly dag = new Int32Array(CHUNK);
  readonly task = new Int32Array(CHUNK);
  readonly why = new Int32Array(CHUNK);
  /** Run ids; 0 when the line names no run. */
  readonly run = new Int32Array(CHUNK);
  readonly ref = new Int32Array(CHUNK);
}

/** Distinct strings, each stored once; index 0 is null. */
class StringTable {
  private readonly ids = new Map<string, number>();
  readonly texts: Array<string | null> = [null];
  id(text: string | null): number {
    if (text === null) return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      // A reason built from a template is a tree of pieces (~40 per run's two unique lines, ~1 KB);
      // reading a character makes V8 flatten it into one string and drop the tree.
      text.charCodeAt(0);
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }
}

export class DecisionLog {
  private readonly chunks: Chunk[] = [];
  private size = 0;
  // Kinds, DAG and task ids are few; reasons repeat a lot (every try of a pipeline says the same).
  private readonly names = new StringTable();
  private readonly whys = new StringTable();

  /** `runs[id - 1]` is the run with that id (runs are only appended, never removed). */
  constructor(private readonly runs: readonly RunRef[]) {}

  get length(): number {
    return this.size;
  }

  push(at: Instant, kind: string, dag_id: string | null, run: RunRef | null, task_id: string | null, why: string, ref: RunRef | null): void {
    const i = this.size & MASK;
    if (i === 0) this.chunks.push(new Chunk());
    const c = this.chunks[this.size >>> SHIFT];
    c.at[i] = at;
    c.kind[i] = this.names.id(kind);
    c.dag[i] = this.names.id(dag_id);
    c.task[i] = this.names.id(task_id);
    c.why[i] = this.whys.id(why);
    c.run[i] = run ? this.idOf(run) : 0;
    c.ref[i] = ref ? this.idOf(ref) : 0;
    this.size++;
  }

  private idOf(run: RunRef): number {
    if (this.runs[run.id - 1] !== run) throw new Error(`log: run ${run.run_id} (id ${run.id}) is not the simulation's run with that id`);
    return run.id;
  }

  at(i: number): Instant {
    return this.chunks[i >>> SHIFT].at[i & MASK];
  }

  kind(i: number): string {
    return this.names.texts[this.chunks[i >>> SHIFT].kind[i & MASK]]!;
  }

  dagId(i: number): string | null {
    return this.names.texts[this.chunks[i >>> SHIFT].dag[i & MASK]];
  }

  runId(i: number): string | null {
    const id = this.chunks[i >>> SHIFT].run[i & MASK];
    return id === 0 ? null : this.runs[id - 1].run_id;
  }

  /** The line as an object (the shape the log always had). */
  entry(i: number): LogEntry {
    if (i < 0 || i >= this.size) throw new RangeError(`log line ${i} of ${this.size}`);
    const c = this.chunks[i >>> SHIFT];
    const j = i & MASK;
    const run = c.run[j];
    const ref = c.ref[j];
    const e: LogEntry = {
      at: c.at[j], kind: this.names.texts[c.kind[j]]!, dag_id: this.names.texts[c.dag[j]], run_id: run === 0 ? null : this.runs[run - 1].run_id,
      task_id: this.names.texts[c.task[j]], why: this.whys.texts[c.why[j]]!,
    };
    if (ref !== 0) e.ref_run_id = this.runs[ref - 1].run_id;
    return e;
  }

  /** Lines [from, to) as objects. */
  slice(from = 0, to = this.size): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.size); i++) out.push(this.entry(i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<LogEntry> {
    for (let i = 0; i < this.size; i++) yield this.entry(i);
  }

  /** Remove line i, shifting the later ones down. Only the invariant tests rewrite history. */
  remove(i: number): void {
    if (i < 0 || i >= this.size) return;
    for (let k = i; k < this.size - 1; k++) {
      const a = this.chunks[k >>> SHIFT], b = this.chunks[(k + 1) >>> SHIFT];
      const x = k & MASK, y = (k + 1) & MASK;
      a.at[x] = b.at[y]; a.kind[x] = b.kind[y]; a.dag[x] = b.dag[y]; a.task[x] = b.task[y];
      a.why[x] = b.why[y]; a.run[x] = b.run[y]; a.ref[x] = b.ref[y];
    }
    this.size--;
    if ((this.size & MASK) === 0) this.chunks.length = this.size >>> SHIFT;
  }
}
