import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAG_RUN_COLUMNS, TASK_INSTANCE_COLUMNS, csvField, dagRunsCsv, stableJson, taskInstancesCsv } from '../../core/export/csv.js';
import type { RunOutput } from '../../core/model/output.js';
import { FIXTURE_DIR, expectGolden } from './golden.js';

const output: RunOutput = JSON.parse(readFileSync(join(FIXTURE_DIR, 'etl-train.run.json'), 'utf8'));

/** A small RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  return rows;
}

describe('csvField', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['plain', 'plain'],
    [-1, '-1'],
    [0, '0'],
    [true, 'true'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded', '" padded"'],
    [{ b: 1, a: [1, 'x'] }, '"{""a"":[1,""x""],""b"":1}"'],
    [{}, '{}'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('orders object keys by code point, whatever the insertion order', () => {
    expect(stableJson({ b: { d: 1, c: 2 }, a: null, B: 0 })).toBe('{"B":0,"a":null,"b":{"c":2,"d":1}}');
  });
});

describe('dag runs and task instances CSV', () => {
  it('has one header line with the RunOutput field names, then one line per record', () => {
    const rows = parseCsv(dagRunsCsv(output));
    expect(rows[0]).toEqual([...DAG_RUN_COLUMNS]);
    expect(rows.length).toBe(1 + output.dag_runs.length);
    const tis = parseCsv(taskInstancesCsv(output));
    expect(tis[0]).toEqual([...TASK_INSTANCE_COLUMNS]);
    expect(tis.length).toBe(1 + output.task_instances.length);
  });

  it('round-trips every value: null as empty, objects as sorted JSON, quotes and newlines intact', () => {
    const rows = parseCsv(dagRunsCsv(output));
    output.dag_runs.forEach((run, i) => {
      const row = Object.fromEntries(DAG_RUN_COLUMNS.map((c, j) => [c, rows[i + 1][j]]));
      expect(row.run_id).toBe(run.run_id);
      expect(row.logical_date).toBe(run.logical_date ?? '');
      expect(JSON.parse(row.conf)).toEqual(run.conf);
      expect(row.clear_number).toBe(String(run.clear_number));
    });
    const manual = rows.find((r) => r[2] === 'manual')!;
    expect(manual[4]).toBe(''); // logical_date: null for a CLI trigger in Airflow 3
    const tiRows = parseCsv(taskInstancesCsv(output));
    const failed = tiRows.find((r) => r[8].startsWith('ValueError'))!;
    expect(failed[8]).toBe('ValueError: bad row 17, column "amount"\nsee load.log');
    expect(tiRows.find((r) => r[2] === 'publish')![3]).toBe('-1');
  });

  it('writes an empty run as the header alone', () => {
    const empty: RunOutput = JSON.parse(readFileSync(join(FIXTURE_DIR, 'empty.run.json'), 'utf8'));
    expect(dagRunsCsv(empty)).toBe(DAG_RUN_COLUMNS.join(',') + '\n');
    expect(taskInstancesCsv(empty)).toBe(TASK_INSTANCE_COLUMNS.join(',') + '\n');
  });

  it('matches the goldens', () => {
    expectGolden('etl-train.dag_runs.csv', dagRunsCsv(output));
    expectGolden('etl-train.task_instances.csv', taskInstancesCsv(output));
  });
});
