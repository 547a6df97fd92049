import net from 'node:net';
import type { CanaryResult } from '../results/index.js';

/**
 * One canary: opens a fresh TCP connection to `host:port`, sends `GET <path>` and times the first
 * byte of the answer, giving up after `boundMs`. A fresh connection so that neither a pooled
 * connection nor one opened before the fault hides what the fault does to new ones. A service
 * that speaks another protocol gives `request`: the bytes its server answers (Redis `PING\r\n`).
 */
export function canary(
  host: string,
  port: number,
  path: string,
  boundMs: number,
  request?: string,
  /** Told how many bytes the request is as it is written. */
  onWrite?: (bytes: number) => void,
): Promise<CanaryResult> {
  const address = `${host}:${port}`;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host, port });
    const finish = (r: Omit<CanaryResult, 'ms' | 'boundMs' | 'address'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const ms = elapsed();
      socket.destroy();
      resolve({ ...r, ms, boundMs, address, bytesWritten: socket.bytesWritten });
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), boundMs);
    socket.setNoDelay(true);
    socket.once('connect', () => {
      const bytes = Buffer.from(
        request ??
          `GET ${path} HTTP/1.1\r\nHost: ${address}\r\nConnection: close\r\nUser-Agent: faultline-canary\r\n\r\n`,
        'latin1',
      );
      onWrite?.(bytes.length);
      socket.write(bytes);
    });
    socket.once('data', (chunk: Buffer) => {
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(chunk.toString('latin1'))?.[1];
      finish({ outcome: 'answered', ...(status === undefined ? {} : { status: Number(status) }) });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish({ outcome: 'refused', error: err.code });
      else if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        finish({ outcome: 'closed', error: err.code });
      else finish({ outcome: 'error', error: err.code ?? err.message });
    });
    socket.once('close', () => finish({ outcome: 'closed' }));
  });
}
