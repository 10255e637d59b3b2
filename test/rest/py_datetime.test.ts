import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { apiDateTime, parsePyDateTime, pyIsoformat, pydanticJson, pyEpochMs, pyIsoformatUtc } from '../../core/rest/py_datetime.js';

// Generated with pydantic 2.13 (pydantic-core 2.46): TypeAdapter(datetime).validate_python(input) for
// each input; `iso` is Python's isoformat(), `json` pydantic's dump_json, errors as pydantic reports.
interface Case { in: unknown; ok: boolean; iso?: string; json?: string; aware?: boolean; type?: string; msg?: string; error?: string | null }
const cases: Case[] = JSON.parse(readFileSync(new URL('./pydantic_datetime_fixture.json', import.meta.url), 'utf8'));

describe('parsePyDateTime matches pydantic 2 lax datetime validation', () => {
  for (const c of cases) {
    it(JSON.stringify(c.in), () => {
      const r = parsePyDateTime(c.in);
      if (c.ok) {
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(pyIsoformat(r.value)).toBe(c.iso);
        expect(pydanticJson(r.value)).toBe(c.json);
        expect(r.value.offset_s !== null).toBe(c.aware);
      } else {
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.type).toBe(c.type);
        if (r.type !== 'datetime_type') expect(r.error).toBe(c.error);
      }
    });
  }
});

describe('instants', () => {
  it('formats UTC instants as FastAPI responses do', () => {
    expect(apiDateTime(Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00Z');
    expect(apiDateTime(Date.UTC(2025, 4, 1, 12, 0, 0, 500))).toBe('2025-05-01T12:00:00.500000Z');
    expect(apiDateTime(null)).toBe(null);
    expect(pyIsoformatUtc(Date.UTC(2025, 4, 1, 12, 0, 0, 500))).toBe('2025-05-01T12:00:00.500000+00:00');
  });
  it('computes epoch ms with offsets', () => {
    const r = parsePyDateTime('2025-01-01T02:30:00.1239+02:00');
    expect(r.ok && pyEpochMs(r.value)).toBe(Date.UTC(2025, 0, 1, 0, 30, 0, 123));
    const n = parsePyDateTime(-0.5);
    expect(n.ok && pyEpochMs(n.value)).toBe(-500);
  });
});
