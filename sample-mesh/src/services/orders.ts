import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { UpstreamError } from '../resilience/upstream-error.js';
import { ROUTE_HEADER, type UpstreamClient } from '../resilience/upstream-client.js';
import { createLogThrottle } from '../runtime/logger.js';
import { outgoingTraceparent, type MeshService } from '../runtime/service-app.js';
import type { ServiceContext } from '../runtime/service-context.js';
import { envNumber } from '../runtime/settings.js';
import { Outbox, type OrderPlaced } from './outbox.js';
import { PRODUCT_SEED } from './product-seed.js';

type OrderStatus = 'confirmed' | 'pending-payment';

interface Order {
  id: string;
  sku: string;
  qty: number;
  amountCents: number;
  status: OrderStatus;
  createdAt: string;
}

// Bounds memory on long runs; the oldest orders are forgotten first.
const MAX_ORDERS = 100_000;

/**
 * Creates orders: reserves stock in inventory, charges payments, records the order and its
 * `OrderPlaced` event. When payments is unavailable the order is accepted as `pending-payment`
 * (202, `x-fallback: payments`) instead of failing.
 */
export interface OrdersService extends MeshService {
  /** Exposed so tests can watch delivery. */
  outbox: Outbox;
}

export const createOrdersService = (ctx: ServiceContext): OrdersService => {
  const inventory = ctx.upstream('inventory');
  const payments = ctx.upstream('payments');
  const shipping = ctx.upstream('shipping');
  const prices = new Map(PRODUCT_SEED.map((p) => [p.sku, p.priceCents]));
  const orders = new Map<string, Order>();
  const throttle = createLogThrottle(5000);

  // The idempotency key lets the client retry a delivery; the inline variant sends exactly once.
  const publish = async (
    event: OrderPlaced,
    traceparent: string | undefined,
    once = false,
  ): Promise<void> => {
    const idempotencyKey = once ? undefined : event.eventId;
    const r = await shipping.call({
      method: 'POST',
      path: '/events',
      body: event,
      idempotencyKey,
      traceparent,
    });
    if (r.status >= 300) throw new Error(`shipping refused event ${event.eventId}: HTTP ${r.status}`);
  };
  const outbox = new Outbox({
    deliver: publish,
    metrics: ctx.metrics,
    logger: ctx.logger,
    intervalMs: envNumber(ctx.env, 'OUTBOX_INTERVAL_MS', 100, { min: 1 }),
    batch: envNumber(ctx.env, 'OUTBOX_BATCH', 50, { min: 1 }),
  });

  const routes = Router();
  routes.post('/orders', async (req, res) => {
    const { sku, qty } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof sku !== 'string' || !Number.isInteger(qty) || (qty as number) < 1 || (qty as number) > 1000) {
      res.status(400).json({ error: 'expected {sku: string, qty: integer 1..1000}' });
      return;
    }
    const id = randomUUID();
    const traceparent = outgoingTraceparent(res);
    const route = req.get(ROUTE_HEADER);
    if (!(await reserve(inventory, res, { id, sku, qty: qty as number, traceparent, route }))) return;

    const amountCents = (prices.get(sku) ?? 0) * (qty as number);
    const status = await charge(payments, ctx, res, { id, amountCents, traceparent, route });
    if (!status) return;

    const order: Order = {
      id,
      sku,
      qty: qty as number,
      amountCents,
      status,
      createdAt: new Date().toISOString(),
    };
    remember(orders, order);
    const event: OrderPlaced = {
      eventId: randomUUID(),
      type: 'OrderPlaced',
      orderId: id,
      sku,
      qty: order.qty,
      status,
      placedAt: order.createdAt,
    };
    ctx.metrics.eventsPlaced.inc();
    if (ctx.switches.outbox) {
      outbox.add(event, traceparent);
    } else {
      // MESH_OUTBOX=off: sent once, inline; a failure loses the event.
      await publish(event, traceparent, true).catch((err: unknown) => {
        const t = throttle('event lost');
        if (t.log)
          ctx.logger.warn('event lost', { orderId: id, error: String(err), suppressed: t.suppressed });
      });
    }
    res.status(status === 'confirmed' ? 201 : 202).json(order);
  });

  routes.get('/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (!order) res.status(404).json({ error: `unknown order "${req.params.id}"` });
    else res.json(order);
  });

  return { routes, start: () => outbox.start(), stop: () => outbox.stop(), outbox };
};

async function reserve(
  inventory: UpstreamClient,
  res: Response,
  o: { id: string; sku: string; qty: number; traceparent: string; route: string | undefined },
): Promise<boolean> {
  try {
    const r = await inventory.call({
      method: 'POST',
      path: '/reservations',
      body: { orderId: o.id, sku: o.sku, qty: o.qty },
      idempotencyKey: o.id,
      traceparent: o.traceparent,
      route: o.route,
    });
    if (r.status < 300) return true;
    res
      .status(r.status === 404 || r.status === 409 ? r.status : 502)
      .json({ error: 'reservation refused', upstream: r.body });
    return false;
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    res.status(503).json({ error: 'inventory unavailable', failure: err.failure });
    return false;
  }
}

/** The order's status once payment was attempted, or undefined when a response was already sent. */
async function charge(
  payments: UpstreamClient,
  ctx: ServiceContext,
  res: Response,
  o: { id: string; amountCents: number; traceparent: string; route: string | undefined },
): Promise<OrderStatus | undefined> {
  try {
    const r = await payments.call({
      method: 'POST',
      path: '/charges',
      body: { orderId: o.id, amountCents: o.amountCents },
      idempotencyKey: o.id,
      traceparent: o.traceparent,
      route: o.route,
    });
    if (r.status < 300) return 'confirmed';
    res.status(402).json({ error: 'payment refused', upstream: r.body });
    return undefined;
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    if (!ctx.switches.fallback) {
      res.status(503).json({ error: 'payments unavailable', failure: err.failure });
      return undefined;
    }
    res.setHeader('x-fallback', 'payments');
    return 'pending-payment';
  }
}

function remember(orders: Map<string, Order>, order: Order): void {
  orders.set(order.id, order);
  if (orders.size > MAX_ORDERS) {
    const oldest = orders.keys().next();
    if (!oldest.done) orders.delete(oldest.value);
  }
}
