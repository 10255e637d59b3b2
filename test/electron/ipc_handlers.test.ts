import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { INVOKE, INVOKE_CHANNELS, SEND, SEND_CHANNELS } from '../../electron/common/ipc.js';
import { IpcRefusedError, isTrustedSender, registerIpcHandlers } from '../../electron/main/ipc_handlers.js';
import type { InvokeHandlers, IpcMainLike, SendHandlers, SenderInfo } from '../../electron/main/ipc_handlers.js';

const output = JSON.parse(readFileSync(join(__dirname, '..', 'export', 'fixtures', 'etl-train.run.json'), 'utf8'));

/** An ipcMain double: records registrations and lets the test play the renderer. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>();
  listeners = new Map<string, Array<(event: SenderInfo, ...args: unknown[]) => void>>();
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) { this.handlers.delete(channel); }
  on(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: (...args: never[]) => void) {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  async invoke(channel: string, event: SenderInfo, ...args: unknown[]) {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
  send(channel: string, event: SenderInfo, ...args: unknown[]) {
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args);
  }
}

const WINDOW_ID = 7;
const trusted: SenderInfo = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://windtunnel/index.html', parent: null } };

function setup() {
  const ipc = new FakeIpcMain();
  const invoke: Record<string, Mock> = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => `result of ${c}`)]));
  const send: Record<string, Mock> = Object.fromEntries(SEND_CHANNELS.map((c) => [c, vi.fn()]));
  const refused: Array<[string, string]> = [];
  const dispose = registerIpcHandlers(ipc, {
    trustedWebContentsId: () => WINDOW_ID,
    invoke: invoke as unknown as InvokeHandlers,
    send: send as unknown as SendHandlers,
    onRefused: (c, r) => refused.push([c, r]),
  });
  return { ipc, invoke, send, refused, dispose };
}

describe('isTrustedSender', () => {
  it('accepts only the window’s main frame showing the app', () => {
    expect(isTrustedSender(trusted, WINDOW_ID)).toBe(true);
    expect(isTrustedSender(trusted, undefined)).toBe(false); // no window
    expect(isTrustedSender({ ...trusted, sender: { id: 8 } }, WINDOW_ID)).toBe(false);
    expect(isTrustedSender({ ...trusted, senderFrame: null }, WINDOW_ID)).toBe(false);
    expect(isTrustedSender({ ...trusted, senderFrame: { url: 'app://windtunnel/x', parent: {} } }, WINDOW_ID)).toBe(false); // an iframe
    expect(isTrustedSender({ ...trusted, senderFrame: { url: 'https://evil.example/', parent: null } }, WINDOW_ID)).toBe(false);
    expect(isTrustedSender({ ...trusted, senderFrame: { url: 'file:///etc/passwd', parent: null } }, WINDOW_ID)).toBe(false);
  });
});

describe('registerIpcHandlers', () => {
  it('registers exactly the contract’s channels', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect([...ipc.listeners.keys()].sort()).toEqual([...SEND_CHANNELS].sort());
  });

  it('passes the validated payload to the handler and returns its result', async () => {
    const { ipc, invoke } = setup();
    await expect(ipc.invoke(INVOKE.documentOpenRecent, trusted, { path: '/a.yaml' })).resolves.toBe(`result of ${INVOKE.documentOpenRecent}`);
    expect(invoke[INVOKE.documentOpenRecent]).toHaveBeenCalledWith({ path: '/a.yaml' }, trusted);
    await ipc.invoke(INVOKE.exportRun, trusted, { format: 'png', scale: 2, output });
    expect(invoke[INVOKE.exportRun].mock.calls[0][0]).toMatchObject({ format: 'png', scale: 2 });
    await ipc.invoke(INVOKE.documentSave, trusted);
    expect(invoke[INVOKE.documentSave]).toHaveBeenCalledWith(undefined, trusted);
  });

  it('refuses untrusted senders without calling the handler', async () => {
    const { ipc, invoke, refused } = setup();
    const evil: SenderInfo = { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(ipc.invoke(INVOKE.documentSave, evil)).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(ipc.invoke(INVOKE.documentSave, { ...trusted, sender: { id: 99 } })).rejects.toThrow(/untrusted sender/);
    expect(invoke[INVOKE.documentSave]).not.toHaveBeenCalled();
    expect(refused).toEqual([[INVOKE.documentSave, 'untrusted sender'], [INVOKE.documentSave, 'untrusted sender']]);
  });

  it('refuses invalid payloads and extra arguments', async () => {
    const { ipc, invoke, send } = setup();
    await expect(ipc.invoke(INVOKE.documentOpenRecent, trusted, { path: 42 })).rejects.toThrow(/invalid payload/);
    await expect(ipc.invoke(INVOKE.documentOpenRecent, trusted, { path: '/a' }, 'extra')).rejects.toThrow(/too many arguments/);
    await expect(ipc.invoke(INVOKE.exportRun, trusted, { format: 'exe', output })).rejects.toThrow(/format/);
    await expect(ipc.invoke(INVOKE.documentSave, trusted, { path: '/etc/passwd' })).rejects.toThrow(/no payload/);
    expect(invoke[INVOKE.documentOpenRecent]).not.toHaveBeenCalled();
    ipc.send(SEND.documentEdit, trusted, { text: 5 });
    ipc.send(SEND.documentEdit, { ...trusted, senderFrame: null }, { text: 'x' });
    expect(send[SEND.documentEdit]).not.toHaveBeenCalled();
    ipc.send(SEND.documentEdit, trusted, { text: 'ok' });
    expect(send[SEND.documentEdit]).toHaveBeenCalledWith({ text: 'ok' }, trusted);
  });

  it('leaves channels outside the contract unhandled', async () => {
    const { ipc } = setup();
    await expect(ipc.invoke('windtunnel:write-file', trusted, { path: '/etc/passwd' })).rejects.toThrow(/No handler/);
  });

  it('unregisters everything on dispose', () => {
    const { ipc, dispose } = setup();
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect([...ipc.listeners.values()].every((l) => l.length === 0)).toBe(true);
  });
});
