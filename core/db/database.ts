// A thin wrapper over a sql.js database: schema, pragmas that make per-statement writes cheap
// (stack.md: sql.js keeps the DB in memory, so a journal per statement is pure overhead),
// cached prepared statements, and errors returned as values where the caller expects refusals.
import type { Database, SqlJsStatic, Statement, SqlValue } from 'sql.js';
import type { Profile } from '../model/scenario.js';
import { schemaSql } from './schema.js';

export type Row = Record<string, SqlValue>;

export class MetadataDb {
  readonly db: Database;
  private readonly statements = new Map<string, Statement>();
  private inTransaction = false;

  constructor(sql: SqlJsStatic, profile: Profile) {
    this.db = new sql.Database();
    this.db.exec('PRAGMA journal_mode=MEMORY; PRAGMA locking_mode=EXCLUSIVE; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;');
    this.db.exec(schemaSql(profile));
  }

  private prepared(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Run a write; throws the SQLite error (e.g. "UNIQUE constraint failed: ...") on refusal. */
  run(sql: string, params: SqlValue[] = []): void {
    const st = this.prepared(sql);
    try {
      st.run(params);
    } finally {
      st.reset();
    }
  }

  /** Run a write and return the SQLite error message instead of throwing. */
  tryRun(sql: string, params: SqlValue[] = []): string | null {
    try {
      this.run(sql, params);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  lastInsertRowid(): number {
    return Number(this.get('SELECT last_insert_rowid() AS id')!.id);
  }

  get(sql: string, params: SqlValue[] = []): Row | undefined {
    const st = this.prepared(sql);
    try {
      st.bind(params);
      return st.step() ? (st.getAsObject() as Row) : undefined;
    } finally {
      st.reset();
    }
  }

  all(sql: string, params: SqlValue[] = []): Row[] {
    const st = this.prepared(sql);
    const rows: Row[] = [];
    try {
      st.bind(params);
      while (st.step()) rows.push(st.getAsObject() as Row);
    } finally {
      st.reset();
    }
    return rows;
  }

  begin(): void {
    if (!this.inTransaction) {
      this.db.exec('BEGIN');
      this.inTransaction = true;
    }
  }

  commit(): void {
    if (this.inTransaction) {
      this.db.exec('COMMIT');
      this.inTransaction = false;
    }
  }

  /** Ad-hoc SQL from a learner: every statement's last result set, or the error as text. */
  query(sql: string): { columns: string[]; rows: unknown[][] } | { error: string } {
    try {
      const results = this.db.exec(sql);
      const last = results[results.length - 1];
      return last ? { columns: last.columns, rows: last.values } : { columns: [], rows: [] };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  export(): Uint8Array {
    this.commit();
    return this.db.export();
  }

  close(): void {
    for (const st of this.statements.values()) st.free();
    this.statements.clear();
    this.db.close();
  }
}
