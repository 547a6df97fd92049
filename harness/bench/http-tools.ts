import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import autocannon from 'autocannon';

/** Throughput and latency of one closed-loop run. Latencies in ms. */
export interface ToolResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export const WRK = '/usr/bin/wrk';
export const wrkInstalled = (): boolean => existsSync(WRK);

/**
 * autocannon with keep-alive `connections` for `seconds` (in this process; nothing else runs
 * here meanwhile). Its latencies have whole-millisecond resolution.
 */
export async function runAutocannon(url: string, connections: number, seconds: number): Promise<ToolResult> {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

/** wrk with one thread and keep-alive `connections` for `seconds`; null when wrk is missing. µs latency resolution. */
export async function runWrk(url: string, connections: number, seconds: number): Promise<ToolResult | null> {
  if (!wrkInstalled()) return null;
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      WRK,
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url],
      { timeout: (seconds + 30) * 1000 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) return NaN;
    const unit = m[2] === 'us' ? 0.001 : m[2] === 'ms' ? 1 : 1000;
    return Number(m[1]) * unit;
  };
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50: pct('50'), p99: pct('99'), errors };
}

/**
 * Round-trip times (ms) of `n` sequential `GET path` requests on one kept-alive connection to
 * 127.0.0.1:`port`, the server answering with a body ending in `ok` — a client that adds as
 * little as possible of its own to what it measures.
 */
export function measureRtts(port: number, n: number, path = '/'): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const rtts: number[] = [];
    const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: bench\r\n\r\n`);
    let sentAt = 0;
    let got = '';
    const send = (): void => {
      got = '';
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (!got.endsWith('\r\n\r\nok')) return;
      rtts.push(performance.now() - sentAt);
      if (rtts.length >= n) {
        socket.destroy();
        resolve(rtts);
      } else send();
    });
    socket.on('error', reject);
  });
}

/** Bytes of `GET /bytes/N` received through 127.0.0.1:`port` within `windowMs` of sending the request. */
export function bytesWithin(port: number, bytes: number, windowMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(`GET /bytes/${bytes} HTTP/1.1\r\nHost: bench\r\n\r\n`);
      timer = setTimeout(() => {
        socket.destroy();
        resolve(received);
      }, windowMs);
    });
    socket.on('data', (d) => (received += d.length));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
