import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { ServiceContext } from './service-context.js';
import { startServerSpan, toTraceparent, type TraceContext } from './trace-context.js';

/** A service's own routes and background work, built from its context. */
export interface MeshService {
  routes: Router;
  /** Starts background loops; called once the server listens. */
  start?(): void;
  /** Stops background loops and waits for their work in flight. */
  stop?(): Promise<void>;
}

export type ServiceFactory = (ctx: ServiceContext) => MeshService;

/** The trace span of the request being served (set by the app for every request). */
export function traceOf(res: Response): TraceContext {
  return res.locals['trace'] as TraceContext;
}

/** The `traceparent` to send downstream from this request: this service's span is the parent. */
export function outgoingTraceparent(res: Response): string {
  return toTraceparent(traceOf(res));
}

/**
 * Wraps a service's routes with what every service has: `/healthz`, `/readyz` (true once
 * `isReady()`; never asks upstreams), `/metrics`, W3C trace context, request metrics, JSON
 * errors. Probes and scrapes are not counted in the request metrics.
 */
export function buildServiceApp(ctx: ServiceContext, service: MeshService, isReady: () => boolean): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: ctx.name });
  });
  app.get('/readyz', (_req, res) => {
    res.status(isReady() ? 200 : 503).json({ ready: isReady(), service: ctx.name });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  app.use((req, res, next) => {
    const started = performance.now();
    const trace = startServerSpan(req.get('traceparent'));
    res.locals['trace'] = trace;
    // Trace Context level 2: tells the caller which span served it.
    res.setHeader('traceresponse', toTraceparent(trace));
    res.on('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      ctx.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      ctx.metrics.httpDuration.observe({ route }, (performance.now() - started) / 1000);
    });
    next();
  });
  app.use(express.json({ limit: '64kb' }));
  app.use(service.routes);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
        ? err.status
        : 500;
    if (status >= 500) {
      ctx.logger.error('request failed', { error: String(err), trace_id: traceOf(res)?.traceId });
    }
    if (!res.headersSent)
      res
        .status(status)
        .json({ error: status >= 500 ? 'internal error' : String((err as Error).message ?? err) });
  });
  return app;
}
