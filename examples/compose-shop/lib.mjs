// Shared by shop and stock: an HTTP server with /readyz and /metrics, and a tiny Redis client.
import { createServer } from 'node:http';
import { connect } from 'node:net';

/** Serves `routes` (path prefix → handler) plus /readyz and /metrics on PORT (default 8080). */
export function serve(name, routes, isReady = () => true) {
  const counts = { ok: 0, failed: 0 };
  const server = createServer(async (req, res) => {
    if (req.url === '/readyz') return send(res, isReady() ? 200 : 503, { ready: isReady() });
    if (req.url === '/metrics') {
      res.setHeader('content-type', 'text/plain');
      return res.end(
        `# TYPE ${name}_requests_total counter\n` +
          `${name}_requests_total{outcome="ok"} ${counts.ok}\n${name}_requests_total{outcome="failed"} ${counts.failed}\n`,
      );
    }
    const route = Object.keys(routes).find((p) => req.url.startsWith(p));
    if (!route) return send(res, 404, { error: 'not found' });
    const [status, body] = await routes[route](req.url.slice(route.length));
    counts[status < 400 ? 'ok' : 'failed']++;
    send(res, status, body);
  });
  server.listen(Number(process.env.PORT ?? 8080), '0.0.0.0');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * One Redis command over a fresh connection (RESP), given up after `timeoutMs`. A connection per
 * command keeps a broken edge from leaving a half-read reply behind.
 */
export function redis(url, args, timeoutMs) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port || 6379), hostname);
    const timer = setTimeout(() => fail(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    let data = '';
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('redis closed the connection')));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const reply = parseReply(data);
      if (reply === undefined) return;
      clearTimeout(timer);
      socket.destroy();
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    });
    socket.write(
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`,
    );
  });
}

/** A whole simple reply (+OK, -ERR, :1, $n bulk, $-1 nil), or undefined while incomplete. */
function parseReply(text) {
  const end = text.indexOf('\r\n');
  if (end < 0) return undefined;
  const head = text.slice(1, end);
  switch (text[0]) {
    case '+':
      return head;
    case '-':
      return new Error(head);
    case ':':
      return Number(head);
    case '$': {
      const n = Number(head);
      if (n < 0) return null;
      return text.length >= end + 2 + n + 2 ? text.slice(end + 2, end + 2 + n) : undefined;
    }
    default:
      return new Error(`unexpected reply ${JSON.stringify(text.slice(0, 20))}`);
  }
}
