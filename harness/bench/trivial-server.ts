/**
 * A trivial HTTP server in a process of its own, the target of the proxy and load benchmarks:
 * `GET /` answers "ok"; `GET /bytes/N` answers N bytes. Reports its port over IPC and exits when
 * its parent goes away.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const payloads = new Map<number, Buffer>();
const server = createServer((req, res) => {
  const m = /^\/bytes\/(\d+)/.exec(req.url ?? '');
  if (m) {
    const n = Math.min(Number(m[1]), 64 * 1024 * 1024);
    let body = payloads.get(n);
    if (!body) payloads.set(n, (body = Buffer.alloc(n, 120)));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
  res.end('ok');
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
