// Registers the main-process side of the IPC contract. Every message is checked three times
// before a handler sees it: the channel is one of the contract's, the sender is the app's own
// window (its main frame, showing the app's origin), and the payload passes the channel's
// validator. Anything else is refused and reported, never acted on.
import {
  CHANNEL_PREFIX, INVOKE_CHANNELS, PAYLOAD_CHECKS, SEND_CHANNELS, isAppUrl,
} from '../common/ipc.js';
import type { InvokeChannel, InvokeMap, SendChannel, SendMap } from '../common/ipc.js';

/** The slice of an IPC event the checks read (IpcMainEvent and IpcMainInvokeEvent both fit). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The slice of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: never[]) => void): unknown;
}

/** True when the message comes from the main frame of the given web contents showing app://. */
export function isTrustedSender(event: SenderInfo, webContentsId: number | undefined): boolean {
  const frame = event.senderFrame;
  if (webContentsId === undefined || event.sender.id !== webContentsId) return false;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export type InvokeHandlers = {
  [C in InvokeChannel]: (payload: InvokeMap[C]['payload'], event: SenderInfo) => InvokeMap[C]['result'] | Promise<InvokeMap[C]['result']>;
};
export type SendHandlers = { [C in SendChannel]: (payload: SendMap[C], event: SenderInfo) => void };

export interface RegisterOptions {
  /** The id of the window's webContents allowed to call (read at call time: windows come and go). */
  trustedWebContentsId: () => number | undefined;
  invoke: InvokeHandlers;
  send: SendHandlers;
  /** Told about each refused message (for the log); the renderer only sees a generic error. */
  onRefused?: (channel: string, reason: string) => void;
}

export class IpcRefusedError extends Error {
  constructor(channel: string, reason: string) {
    super(`${channel}: refused (${reason})`);
    this.name = 'IpcRefusedError';
  }
}

/** Returns a function that unregisters everything. */
export function registerIpcHandlers(ipc: IpcMainLike, options: RegisterOptions): () => void {
  const disposers: Array<() => void> = [];

  const admit = (channel: InvokeChannel | SendChannel, event: SenderInfo, args: unknown[]): { ok: true; payload: unknown } | { ok: false; reason: string } => {
    if (!channel.startsWith(CHANNEL_PREFIX)) return { ok: false, reason: 'unknown channel' };
    if (!isTrustedSender(event, options.trustedWebContentsId())) return { ok: false, reason: 'untrusted sender' };
    if (args.length > 1) return { ok: false, reason: 'too many arguments' };
    const checked = PAYLOAD_CHECKS[channel](args[0]);
    return checked.ok ? { ok: true, payload: checked.value } : { ok: false, reason: `invalid payload: ${checked.error}` };
  };

  for (const channel of INVOKE_CHANNELS) {
    const handler = options.invoke[channel] as (payload: unknown, event: SenderInfo) => unknown;
    ipc.handle(channel, async (event, ...args) => {
      const a = admit(channel, event, args);
      if (!a.ok) {
        options.onRefused?.(channel, a.reason);
        throw new IpcRefusedError(channel, a.reason);
      }
      return handler(a.payload, event);
    });
    disposers.push(() => ipc.removeHandler(channel));
  }

  for (const channel of SEND_CHANNELS) {
    const handler = options.send[channel] as (payload: unknown, event: SenderInfo) => void;
    const listener = (event: SenderInfo, ...args: unknown[]) => {
      const a = admit(channel, event, args);
      if (!a.ok) {
        options.onRefused?.(channel, a.reason);
        return;
      }
      handler(a.payload, event);
    };
    ipc.on(channel, listener);
    disposers.push(() => ipc.removeListener(channel, listener as (...args: never[]) => void));
  }

  return () => { for (const d of disposers) d(); };
}
