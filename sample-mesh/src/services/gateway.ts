import { BulkheadRejectedError, bulkhead } from 'cockatiel';
import { Router, type Request, type Response } from 'express';
import { ROUTE_HEADER, type UpstreamCall, type UpstreamClient } from '../resilience/upstream-client.js';
import { UpstreamError, type UpstreamFailure, type UpstreamResponse } from '../resilience/upstream-error.js';
import { outgoingTraceparent, type MeshService, type ServiceFactory } from '../runtime/service-app.js';
import { envNumber } from '../runtime/settings.js';

// What the gateway answers when an upstream gave no usable response.
const STATUS_FOR: Record<UpstreamFailure, number> = {
  server_error: 502,
  timeout: 504,
  network_error: 502,
  cancelled: 503,
  short_circuited: 503,
  bulkhead_rejected: 503,
};

// Response headers worth passing back to the client.
const PASSED_HEADERS = ['x-fallback', 'retry-after'];

/**
 * The single entry for load. Every request first takes a slot of the gateway's own capacity
 * (`GATEWAY_MAX_INFLIGHT`, standing in for a worker pool); each upstream then has its own bulkhead,
 * so a hanging upstream can hold only its share of that capacity and the others keep theirs.
 */
export const createGatewayService: ServiceFactory = (ctx): MeshService => {
  const catalog = ctx.upstream('catalog');
  const orders = ctx.upstream('orders');
  const shipping = ctx.upstream('shipping');
  const capacity = bulkhead(envNumber(ctx.env, 'GATEWAY_MAX_INFLIGHT', 200, { min: 1 }), 0);

  const routes = Router();
  routes.use('/api', (_req, res, next) => {
    capacity
      .execute(
        () =>
          new Promise<void>((resolve) => {
            res.once('close', resolve);
            next();
          }),
      )
      .catch((err: unknown) => {
        if (!(err instanceof BulkheadRejectedError)) return next(err);
        ctx.metrics.bulkheadRejections.inc({ upstream: 'gateway' });
        res.status(503).json({ error: 'gateway at capacity' });
      });
  });

  const forward =
    (client: UpstreamClient, toCall: (req: Request) => Omit<UpstreamCall, 'traceparent' | 'route'>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        send(
          res,
          await client.call({
            ...toCall(req),
            traceparent: outgoingTraceparent(res),
            route: req.get(ROUTE_HEADER),
          }),
        );
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        if (err.response) send(res, err.response);
        else
          res
            .status(STATUS_FOR[err.failure])
            .json({ error: `${client.name} unavailable`, failure: err.failure });
      }
    };

  routes.get(
    '/api/catalog',
    forward(catalog, () => ({ method: 'GET', path: '/products' })),
  );
  routes.get(
    '/api/catalog/:sku',
    forward(catalog, (req) => ({
      method: 'GET',
      path: `/products/${encodeURIComponent(String(req.params['sku']))}`,
    })),
  );
  routes.post(
    '/api/orders',
    forward(orders, (req) => ({ method: 'POST', path: '/orders', body: req.body ?? {} })),
  );
  routes.get(
    '/api/orders/:id',
    forward(orders, (req) => ({
      method: 'GET',
      path: `/orders/${encodeURIComponent(String(req.params['id']))}`,
    })),
  );
  routes.get(
    '/api/shipping/seen',
    forward(shipping, () => ({ method: 'GET', path: '/seen' })),
  );
  return { routes };
};

function send(res: Response, r: UpstreamResponse): void {
  for (const h of PASSED_HEADERS) {
    const v = r.headers[h];
    if (v !== undefined) res.setHeader(h, v);
  }
  res.status(r.status);
  if (typeof r.body === 'string') res.type(String(r.headers['content-type'] ?? 'text/plain')).send(r.body);
  else res.json(r.body);
}
