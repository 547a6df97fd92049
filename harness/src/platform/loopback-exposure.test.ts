import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exposedListeners, listenersBeyondLoopback } from './loopback-exposure.js';

// Recorded from a Linux host: one listener on 127.0.0.1:8080 (0x1F90), one on 0.0.0.0:8081,
// one connected socket on 8081 (state 01) that is not a listener.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 216180 1 0 100 0 0 10 0
   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 216185 1 0 100 0 0 10 0
   2: 0100007F:1F91 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 216186 1 0 100 0 0 10 0
`;
// :: on 8082, ::1 on 8083, ::ffff:127.0.0.1 on 8084
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F94 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
`;

describe('exposedListeners', () => {
  it('names listeners on all interfaces and ignores loopback ones and connected sockets', () => {
    expect(exposedListeners(TCP, 8080)).toEqual([]);
    expect(exposedListeners(TCP, 8081)).toEqual(['0.0.0.0']);
    expect(exposedListeners(TCP6, 8082)).toEqual(['::']);
    expect(exposedListeners(TCP6, 8083)).toEqual([]);
    expect(exposedListeners(TCP6, 8084)).toEqual([]);
  });
});

describe.skipIf(process.platform !== 'linux')('listenersBeyondLoopback (Linux)', () => {
  const listen = (host: string): Promise<Server> =>
    new Promise((resolve) => {
      const s = createServer();
      s.listen(0, host, () => resolve(s));
    });
  const portOf = (s: Server): number => (s.address() as { port: number }).port;

  it('sees a real socket on every interface, and none on loopback', async () => {
    const wide = await listen('0.0.0.0');
    const narrow = await listen('127.0.0.1');
    try {
      expect(await listenersBeyondLoopback(portOf(wide))).toEqual(['0.0.0.0']);
      expect(await listenersBeyondLoopback(portOf(narrow))).toEqual([]);
    } finally {
      wide.close();
      narrow.close();
    }
  });
});
