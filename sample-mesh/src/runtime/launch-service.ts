import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from './logger.js';
import { buildServiceApp, type MeshService, type ServiceFactory } from './service-app.js';
import { createServiceContext, type ServiceContext } from './service-context.js';
import type { Env } from './settings.js';

export interface LaunchOptions {
  name: string;
  factory: ServiceFactory;
  env?: Env;
  logger?: Logger;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** A listening service; only this can be stopped. */
export interface RunningService {
  name: string;
  url: string;
  port: number;
  ctx: ServiceContext;
  service: MeshService;
  /** Stops background work, closes the server and every connection. Idempotent. */
  stop(): Promise<void>;
}

/** Builds a service from its factory and listens; ready as soon as the port is bound. */
export async function launchService(opts: LaunchOptions): Promise<RunningService> {
  const logger = opts.logger ?? silentLogger;
  const ctx = createServiceContext(opts.name, opts.env ?? {}, logger);
  const service = opts.factory(ctx);
  let ready = false;
  const server: Server = createServer(buildServiceApp(ctx, service, () => ready));
  // Keep-alive longer than the clients' (undici 10 s, proxies), so the server never closes first
  // under a request in flight.
  server.keepAliveTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  service.start?.();
  ready = true;
  let stopping: Promise<void> | undefined;
  return {
    name: opts.name,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    ctx,
    service,
    stop() {
      stopping ??= (async () => {
        ready = false;
        await service.stop?.();
        await ctx.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopping;
    },
  };
}
