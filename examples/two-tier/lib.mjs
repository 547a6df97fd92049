// The little each service of this example shares: an HTTP server on HOST:PORT with the probes
// faultline needs (/healthz, /readyz, /metrics in Prometheus text), and upstream calls with a
// per-call timeout. Plain node:http, no dependencies, no build step.
import http from 'node:http';

/** Starts a service: `routes` maps "METHOD /path" to an async handler returning {status, body}. */
export function serve(name, routes) {
  const counts = new Map();
  const server = http.createServer(async (req, res) => {
    const key = `${req.method} ${req.url.split('?')[0]}`;
    if (key === 'GET /healthz' || key === 'GET /readyz') return send(res, 200, { ok: true });
    if (key === 'GET /metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const lines = ['# TYPE http_server_requests_total counter'];
      for (const [k, n] of counts) lines.push(`http_server_requests_total{service="${name}",${k}} ${n}`);
      return res.end(lines.join('\n') + '\n');
    }
    const handler = routes[key];
    const { status, body, headers } = handler
      ? await handler(req).catch((e) => ({ status: 500, body: { error: String(e) } }))
      : { status: 404, body: { error: 'not found' } };
    const label = `route="${handler ? key : 'unmatched'}",status="${status}"`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    send(res, status, body, headers);
  });
  server.keepAliveTimeout = 10_000;
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    console.log(JSON.stringify({ msg: 'listening', service: name, port: server.address().port }));
  });
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
}

/** GET `url` as JSON, giving up after `timeoutMs`; throws on a timeout, a network error or a 5xx. */
export async function getJson(url, timeoutMs) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (res.status >= 500) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
