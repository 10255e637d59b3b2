// The browser fallback of `npm start` / `npm run web`: serves the built renderer on 127.0.0.1.
// GET and HEAD only, files under the root only, and only for a Host header naming this server
// (so a web page cannot reach it through DNS rebinding).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRendererFile } from './renderer_files.js';

export interface StaticServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Absolute path of the directory to serve (dist/renderer). */
  root: string;
  /** Port to try first; when it is taken (or 0) the OS picks a free one. */
  port?: number;
  host?: string;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  let port = 0;
  const server = createServer((req, res) => {
    handle(options.root, port, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    });
  });
  port = await listen(server, host, options.port ?? 0).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' && options.port) return listen(server, host, 0);
    throw err;
  });
  const url = `http://${host}:${port}/`;
  return {
    server,
    port,
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => { server.off('listening', onListening); reject(err); };
    const onListening = () => { server.off('error', onError); resolve((server.address() as AddressInfo).port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function allowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

async function handle(root: string, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  if (!allowedHost(req.headers.host, port)) {
    res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Misdirected request\n');
    return;
  }
  const target = req.url ?? '/';
  // Only origin-form request targets ("/path?query"); the query is ignored.
  const pathname = target.startsWith('/') ? target.split(/[?#]/, 1)[0] : '';
  const file = await readRendererFile(root, pathname);
  if (file.status === 404 && pathname === '/favicon.ico') {
    // Browsers ask for it unprompted: no icon is not an error worth a console message.
    res.writeHead(204, { 'Cache-Control': 'max-age=3600' });
    res.end();
    return;
  }
  res.writeHead(file.status, file.headers);
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
