// The app's side of the worker protocol: one typed `call`, request ids, one pending promise per id.
import type { Method, WorkerMethods, WorkerRequest, WorkerResponse } from './protocol.js';

export interface Transport {
  post(req: WorkerRequest): void;
  onMessage(listener: (res: WorkerResponse) => void): void;
  terminate(): void;
}

export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly transport: Transport) {
    transport.onMessage((res) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if (res.ok) p.resolve(res.result); else p.reject(new Error(res.error));
    });
  }

  call<M extends Method>(method: M, ...params: WorkerMethods[M][0] extends undefined ? [] : [WorkerMethods[M][0]]): Promise<WorkerMethods[M][1]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.post({ id, method, params: params[0] as WorkerMethods[M][0] });
    });
  }

  get inFlight(): number { return this.pending.size; }

  terminate(): void {
    this.transport.terminate();
    for (const p of this.pending.values()) p.reject(new Error('worker terminated'));
    this.pending.clear();
  }
}

/** The real thing: a module worker loaded from its own file. */
export function startWorker(): WorkerClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'windtunnel-core' });
  const listeners: Array<(r: WorkerResponse) => void> = [];
  worker.onmessage = (ev: MessageEvent<WorkerResponse>) => { for (const l of listeners) l(ev.data); };
  worker.onerror = (ev) => { console.error('simulation worker error', ev.message); };
  return new WorkerClient({
    post: (req) => worker.postMessage(req),
    onMessage: (l) => listeners.push(l),
    terminate: () => worker.terminate(),
  });
}
