import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP/1.1 server on 127.0.0.1 for the HTTP toxics' tests. Deterministic bytes (no Date
 * header): `GET /x` answers `GET /x <body>`; `/chunked…` answers in two chunks; `/slow…` after
 * 40 ms; an `Upgrade` request gets 101 and then an echo of the raw bytes.
 */
export interface HttpTestServer {
  readonly port: number;
  readonly address: string;
  /** `METHOD /path body` of every request the server received, in order. */
  readonly seen: string[];
  close(): Promise<void>;
}

export async function startHttpServer(): Promise<HttpTestServer> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    res.sendDate = false;
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`.trimEnd());
      const text = `${req.method} ${req.url} ${body}`.trimEnd();
      if (req.url?.includes('/chunked')) {
        res.write(text + '|');
        res.end('end');
      } else if (req.url?.includes('/slow')) {
        setTimeout(() => res.end(text), 40);
      } else {
        res.setHeader('Content-Length', Buffer.byteLength(text, 'latin1'));
        res.end(text, 'latin1');
      }
    });
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`${req.method} ${req.url} upgrade`);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The response's bytes as received (latin1). */
  raw: string;
}

/**
 * Splits the bytes a client received into complete responses (content-length, chunked, or no
 * body for HEAD); what is left over is not a complete response.
 */
export function parseResponses(text: string, heads: readonly boolean[] = []): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let i = 0;
  while (i < text.length) {
    const end = text.indexOf('\r\n\r\n', i);
    if (end < 0) break;
    const [statusLine = '', ...lines] = text.slice(i, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const c = l.indexOf(':');
      headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
    }
    let j = end + 4;
    let body = '';
    if (heads[out.length]) {
      // no body
    } else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const le = text.indexOf('\r\n', j);
        if (le < 0) return out;
        const size = parseInt(text.slice(j, le), 16);
        if (Number.isNaN(size) || le + 2 + size + 2 > text.length) return out;
        j = le + 2;
        if (size === 0) {
          j += 2;
          break;
        }
        body += text.slice(j, j + size);
        j += size + 2;
      }
    } else {
      const n = Number(headers['content-length'] ?? 0);
      body = text.slice(j, j + n);
      j += n;
    }
    if (j > text.length) break;
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body, raw: text.slice(i, j) });
    i = j;
  }
  return out;
}
