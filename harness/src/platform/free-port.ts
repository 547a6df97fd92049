import { createServer } from 'node:net';

/** A port that was free a moment ago on `host` (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A port held open until released: while held, the OS hands it to no one else. */
export interface PortReservation {
  port: number;
  release(): Promise<void>;
}

/**
 * Reserves a free port on `host` until `release()`. A port from {@link freePort} is free again at
 * once, so anything that binds port 0 before its owner starts (a proxy, the Toxiproxy API) may be
 * handed it, and the owner's address then answers for someone else.
 */
export function reservePort(host = '127.0.0.1'): Promise<PortReservation> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      let released: Promise<void> | undefined;
      resolve({ port, release: () => (released ??= new Promise((done) => srv.close(() => done()))) });
    });
  });
}
