/**
 * The fault-timing benchmark's wire probe, in a process of its own: a TCP echo server (the
 * proxy's upstream) and a client that, once told the proxy's port, sends one byte through the
 * proxy every millisecond and records each byte's send time (epoch ms, sub-ms precision) and
 * round-trip time. TCP keeps order, so the k-th byte back is the k-th byte sent.
 * IPC: → {port} once listening; ← {probe: port, ms}; → {samples: [sentAt, rtt][]} when done.
 */
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const now = (): number => performance.timeOrigin + performance.now();
const echo = createServer((s) => {
  s.setNoDelay(true);
  s.on('data', (d) => s.write(d));
  s.on('error', () => s.destroy());
});

function probe(port: number, ms: number): void {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const sentAt: number[] = [];
  const samples: [number, number][] = [];
  const one = Buffer.from('x');
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    const end = now() + ms;
    timer = setInterval(() => {
      if (now() >= end) {
        clearInterval(timer);
        // Let the last bytes come back (they may carry the longest latency).
        setTimeout(() => {
          socket.destroy();
          process.send?.({ samples });
        }, 1000);
        return;
      }
      sentAt.push(now());
      socket.write(one);
    }, 1);
  });
  socket.on('data', (d) => {
    const t = now();
    for (let i = 0; i < d.length; i++) {
      const s = sentAt[samples.length];
      if (s !== undefined) samples.push([s, t - s]);
    }
  });
  socket.on('error', () => clearInterval(timer));
}

echo.listen(0, '127.0.0.1', () => process.send?.({ port: (echo.address() as AddressInfo).port }));
process.on('message', (m: { probe?: number; ms?: number }) => {
  if (m.probe !== undefined) probe(m.probe, m.ms ?? 1000);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
