// Connection limits for `windtunnel serve`, so idle or half-open connections cannot lock other
// clients out (issue 18: 1,100 idle connections did for ~30 s, because Node refuses connections
// past server.maxConnections and looks for timed-out headers only every 30 s). At most
// `maxPerAddress` connections per client address and `maxTotal` in all: a connection past either
// limit makes room by closing the longest-idle connection (one with no request in flight, oldest
// first) of that address, or of any address for the total; when every connection is busy, the new
// one is closed. On loopback every client shares 127.0.0.1, so it is eviction, not the per-address
// count, that lets a real client in beside a flood.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  maxTotal: number;
  maxPerAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { maxTotal: 1024, maxPerAddress: 256 };

interface Tracked {
  socket: Socket;
  address: string;
  /** Requests in flight on this connection (HTTP/1.1 answers them one at a time). */
  busy: number;
}

export interface ConnectionGuard {
  /** Connections open now, and how many were closed to make room or refused. */
  stats(): { open: number; evicted: number; refused: number };
}

export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  // Insertion order is connection order, and an idle connection is re-inserted when it goes idle,
  // so the first idle entry met is the longest idle one.
  const all = new Map<Socket, Tracked>();
  const perAddress = new Map<string, number>();
  let evicted = 0;
  let refused = 0;

  const oldestIdle = (address: string | null): Tracked | null => {
    for (const t of all.values()) if (t.busy === 0 && (address === null || t.address === address)) return t;
    return null;
  };
  const makeRoom = (address: string | null): boolean => {
    const victim = oldestIdle(address);
    if (!victim) return false;
    evicted++;
    forget(victim);
    victim.socket.destroy();
    return true;
  };
  const forget = (t: Tracked) => {
    if (!all.delete(t.socket)) return;
    const n = (perAddress.get(t.address) ?? 1) - 1;
    if (n > 0) perAddress.set(t.address, n); else perAddress.delete(t.address);
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    if ((perAddress.get(address) ?? 0) >= limits.maxPerAddress && !makeRoom(address)) { refused++; socket.destroy(); return; }
    if (all.size >= limits.maxTotal && !makeRoom(null)) { refused++; socket.destroy(); return; }
    const t: Tracked = { socket, address, busy: 0 };
    all.set(socket, t);
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => forget(t));
  });

  server.on('request', (req, res) => {
    const t = all.get(req.socket);
    if (!t) return;
    t.busy++;
    let done = false;
    const idle = () => {
      if (done) return;
      done = true;
      t.busy--;
      if (t.busy === 0 && all.has(t.socket)) {
        all.delete(t.socket);
        all.set(t.socket, t);
      }
    };
    res.once('finish', idle);
    res.once('close', idle);
  });

  return { stats: () => ({ open: all.size, evicted, refused }) };
}
