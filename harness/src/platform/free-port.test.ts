import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reservePort } from './free-port.js';

const bind = (port: number): Promise<string> =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve('bound')));
  });

describe('reservePort', () => {
  it('keeps the port from everyone else until released, then frees it', async () => {
    const r = await reservePort();
    expect(await bind(r.port)).toBe('EADDRINUSE');
    await r.release();
    await r.release(); // twice is harmless
    expect(await bind(r.port)).toBe('bound');
  });
});
