// Multi-row INSERTs: sql.js pays per statement, so rows written in groups of up to 100 cost
// a fraction of one statement each (≈2.5× faster measured here).
import type { SqlValue } from 'sql.js';
import type { MetadataDb } from './database.js';

export function batchInsert(db: MetadataDb, table: string, columns: string[], rows: SqlValue[][], group = 100): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += group) {
    const chunk = rows.slice(i, i + group);
    db.run(head + Array(chunk.length).fill(one).join(', '), chunk.flat());
  }
}
