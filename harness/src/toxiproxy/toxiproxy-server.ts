import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api-handler.js';
import { decodePopulate } from './api-bodies.js';
import { silentLogger, type Logger } from './logger.js';
import { renderHttpToxicCounts, TrafficMetrics, watchLoopDelay } from './metrics.js';
import { isHttpSpec } from './toxic-spec.js';
import { mulberry32 } from './prng.js';
import { ProxyCollection } from './proxy-collection.js';

/** How to start the embedded Toxiproxy-compatible server. */
export interface ToxiproxyServerOptions {
  /** API host; default 127.0.0.1 (Toxiproxy's own default is localhost). */
  host?: string;
  /** API port; default 8474; 0 picks a free port. */
  port?: number;
  /** Seeds toxicity draws, jitter and slicing, so a run is reproducible; default random. */
  seed?: number;
  /** A toxiproxy.json (the /populate format) applied at start; errors are logged, not thrown. */
  config?: string;
  /** Where Toxiproxy-style log lines go; default silent. */
  logger?: Logger;
}

/** A started server; only this can be closed. */
export interface RunningToxiproxy {
  /** `http://host:port` of the API, for toxiproxy-node-client. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Proxied connections open right now (accepted and not yet fully closed), over all proxies. */
  openConnections(): number;
  /** Closes the API, every proxy listener and every connection. */
  close(): Promise<void>;
}

/** Starts the API and, with `config`, populates proxies from that file. */
export async function startToxiproxyServer(opts: ToxiproxyServerOptions = {}): Promise<RunningToxiproxy> {
  const log = opts.logger ?? silentLogger;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const traffic = new TrafficMetrics();
  const proxies = new ProxyCollection({ random: mulberry32(seed), log, traffic });
  const loopDelay = watchLoopDelay();
  const metrics = (): string =>
    traffic.render(proxies.list().flatMap((p) => [...p.liveTraffic()])) +
    renderHttpToxicCounts(
      proxies.list().flatMap((p) =>
        p.toxics
          .list()
          .filter(isHttpSpec)
          .map((t) => ({
            proxy: p.name,
            toxic: t.name,
            type: t.type.type,
            matched: t.counters.matched,
            action: t.type.acted,
            acted: t.counters.acted,
          })),
      ),
    ) +
    loopDelay.render();
  const server = http.createServer(createApiHandler({ proxies, metrics, log }));
  // Toxiproxy's server timeouts: read 15 s, idle 60 s.
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 60_000;

  // Proxies from the config exist before the API answers, so a client that waits for /version
  // (a compose health check, the external platform) never sees the server half populated.
  if (opts.config !== undefined) await populateFromFile(proxies, opts.config, log);

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8474, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log('info', 'Starting Toxiproxy HTTP server', { address: `${host}:${port}`, seed });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    openConnections: () => proxies.list().reduce((n, p) => n + p.connectionCount, 0),
    close() {
      loopDelay.stop();
      closing ??= new Promise<void>((resolve) => {
        proxies.stopAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function populateFromFile(proxies: ProxyCollection, file: string, log: Logger): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    log('error', 'Error reading config file', { config: file, error: (err as Error).message });
    return;
  }
  try {
    const result = await proxies.populate(decodePopulate(text));
    if (result.error) log('error', 'Failed to populate proxies from file', { error: result.error.message });
    else log('info', 'Populated proxies from file', { config: file, proxies: result.proxies.length });
  } catch (err) {
    log('error', 'Failed to populate proxies from file', { error: (err as Error).message });
  }
}
