/**
 * One service of the scale benchmark's generated mesh (see scale-bench.ts): plain node:http with
 * the probes faultline needs. `GET /work` calls `/work` on each upstream (their URLs in the
 * environment variables named on the command line) and answers once they have.
 * argv: name, then upstream variable names.
 */
import { Agent, createServer, get } from 'node:http';

const [name = 'service', ...upstreamVars] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true });
let served = 0;

function call(url: string): Promise<void> {
  return new Promise((resolve) => {
    const req = get(`${url}/work`, { agent, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.on('timeout', () => req.destroy());
  });
}

const server = createServer((req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') return void res.end('ok');
  if (req.url === '/metrics') {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    return void res.end(`# TYPE requests_total counter\nrequests_total{service="${name}"} ${served}\n`);
  }
  served++;
  void Promise.all(upstreamVars.map((v) => call(process.env[v] ?? ''))).then(() => res.end('ok'));
});
server.keepAliveTimeout = 10_000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => server.close(() => process.exit(0)));
