import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_PREFIX, EVENT_CHANNELS, INVOKE_CHANNELS, MAX_DOCUMENT_CHARS, PAYLOAD_CHECKS, SEND_CHANNELS,
  checkEditMessage, checkExportRequest, checkNewDocumentRequest, checkNoPayload, checkPathRequest, checkRunOutput, isAppUrl,
} from '../../electron/common/ipc.js';

const output = JSON.parse(readFileSync(join(__dirname, '..', 'export', 'fixtures', 'etl-train.run.json'), 'utf8'));

describe('channels', () => {
  it('all share the prefix, are unique, and every renderer → main channel has a validator', () => {
    const all = [...INVOKE_CHANNELS, ...SEND_CHANNELS, ...EVENT_CHANNELS];
    for (const c of all) expect(c.startsWith(CHANNEL_PREFIX)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(PAYLOAD_CHECKS).sort()).toEqual([...INVOKE_CHANNELS, ...SEND_CHANNELS].sort());
  });
});

describe('payload validators', () => {
  it('no-payload channels accept nothing else', () => {
    expect(checkNoPayload(undefined).ok).toBe(true);
    expect(checkNoPayload(null).ok).toBe(true);
    expect(checkNoPayload({}).ok).toBe(false);
    expect(checkNoPayload('x').ok).toBe(false);
  });

  it('paths: non-empty strings without NUL, bounded, no extra keys', () => {
    expect(checkPathRequest({ path: '/tmp/a.yaml' })).toEqual({ ok: true, value: { path: '/tmp/a.yaml' } });
    expect(checkPathRequest({ path: '' }).ok).toBe(false);
    expect(checkPathRequest({ path: 'a\0b' }).ok).toBe(false);
    expect(checkPathRequest({ path: 'x'.repeat(5000) }).ok).toBe(false);
    expect(checkPathRequest({ path: '/a', mode: 'w' }).ok).toBe(false);
    expect(checkPathRequest('/a').ok).toBe(false);
    expect(checkPathRequest(Object.create({ path: '/a' })).ok).toBe(false); // only plain objects
  });

  it('edits: a string of bounded size', () => {
    expect(checkEditMessage({ text: 'windtunnel: 1\n' }).ok).toBe(true);
    expect(checkEditMessage({ text: 1 }).ok).toBe(false);
    expect(checkEditMessage({ text: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) }).ok).toBe(false);
  });

  it('new documents: optional text and a file-name-safe name', () => {
    expect(checkNewDocumentRequest(undefined)).toEqual({ ok: true, value: {} });
    expect(checkNewDocumentRequest({ text: 'a', name: 'lesson-1' })).toEqual({ ok: true, value: { text: 'a', name: 'lesson-1' } });
    expect(checkNewDocumentRequest({ name: '../etc/passwd' }).ok).toBe(false);
    expect(checkNewDocumentRequest({ name: 'a b' }).ok).toBe(false);
  });

  it('run outputs: the arrays exports read must be there', () => {
    expect(checkRunOutput(output).ok).toBe(true);
    expect(checkRunOutput({ ...output, dag_runs: 'x' }).ok).toBe(false);
    expect(checkRunOutput({ ...output, windtunnel: 2 }).ok).toBe(false);
    expect(checkRunOutput({ ...output, task_instances: [1] }).ok).toBe(false);
    expect(checkRunOutput({ ...output, clock: null }).ok).toBe(false);
  });

  it('export requests: a known format, a PNG scale in range', () => {
    expect(checkExportRequest({ format: 'png', scale: 2, output })).toMatchObject({ ok: true, value: { format: 'png', scale: 2 } });
    expect(checkExportRequest({ format: 'svg', output })).toMatchObject({ ok: true });
    expect(checkExportRequest({ format: 'pdf', output }).ok).toBe(false);
    expect(checkExportRequest({ format: 'png', scale: 100, output }).ok).toBe(false);
    expect(checkExportRequest({ format: 'png', scale: '2', output }).ok).toBe(false);
    expect(checkExportRequest({ format: 'json', output, path: '/etc/passwd' }).ok).toBe(false);
  });

  it('export requests may carry the view (zoom window, theme, DAG order, clock, selection), checked', () => {
    const view = { domain: [1, 2], theme: 'dark', dag_ids: ['a'], clock: 5, selected: { dag_id: 'a', run_id: 'r' } };
    expect(checkExportRequest({ format: 'svg', output, view })).toMatchObject({ ok: true, value: { view } });
    for (const bad of [{ domain: [2, 1] }, { domain: [1, Infinity] }, { theme: 'blue' }, { dag_ids: 'a' }, { clock: 'now' }, { selected: { dag_id: 'a' } }, { path: '/x' }]) {
      expect(checkExportRequest({ format: 'svg', output, view: bad }).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://windtunnel/index.html', true],
    ['app://windtunnel/', true],
    ['app://windtunnel/assets/index-abc.js?x=1#y', true],
    ['app://other/index.html', false],
    ['app://user:pw@windtunnel/', false],
    ['file:///work/main/dist/renderer/index.html', false],
    ['http://127.0.0.1:5170/', false],
    ['https://windtunnel/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});
