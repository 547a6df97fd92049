import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchService, type RunningService } from '../runtime/launch-service.js';
import type { Logger } from '../runtime/logger.js';
import type { Env } from '../runtime/settings.js';
import { eventually, startFakeUpstream, type FakeUpstream } from '../testing/fake-upstream.js';
import { send } from '../testing/test-http.js';
import { createInventoryService } from './inventory.js';
import { createOrdersService, type OrdersService } from './orders.js';
import { createShippingService } from './shipping.js';

const ORDER = { sku: 'sku-1', qty: 1 };

let running: RunningService[] = [];
let fakes: FakeUpstream[] = [];
let inventory: RunningService;
let shipping: RunningService;
let payments: FakeUpstream;

beforeEach(async () => {
  inventory = await launchService({ name: 'inventory', factory: createInventoryService });
  shipping = await launchService({ name: 'shipping', factory: createShippingService });
  payments = await startFakeUpstream({ kind: 'ok', status: 201, body: { id: 'ch-1' } });
  running = [inventory, shipping];
  fakes = [payments];
});

afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await Promise.all(fakes.map((f) => f.close()));
});

/** Breaker transitions as logged, e.g. ['Open', 'HalfOpen', 'Closed']. */
function transitionLog(): { logger: Logger; states: string[] } {
  const states: string[] = [];
  const logger: Logger = {
    info: (msg, f) => {
      if (msg === 'circuit breaker state changed' && f?.['upstream'] === 'payments')
        states.push(String(f['state']));
    },
    warn: () => {},
    error: () => {},
  };
  return { logger, states };
}

async function startOrders(
  env: Env = {},
  logger?: Logger,
  shippingUrl = shipping.url,
): Promise<RunningService> {
  const orders = await launchService({
    name: 'orders',
    factory: createOrdersService,
    logger,
    env: {
      INVENTORY_URL: inventory.url,
      PAYMENTS_URL: payments.url,
      SHIPPING_URL: shippingUrl,
      OUTBOX_INTERVAL_MS: '20',
      ...env,
    },
  });
  running.push(orders);
  return orders;
}

/** Sends `n` checkouts `gapMs` apart without waiting for each; resolves with all responses. */
async function checkouts(orders: RunningService, n: number, gapMs: number) {
  const pending = [];
  for (let i = 0; i < n; i++) {
    pending.push(send(`${orders.url}/orders`, { body: ORDER }));
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return Promise.all(pending);
}

describe('orders', () => {
  it('reserves, charges and confirms an order, forwarding the trace', async () => {
    const orders = await startOrders();
    const trace = '0af7651916cd43dd8448eb211c80319c';
    const r = await send(`${orders.url}/orders`, {
      body: ORDER,
      headers: { traceparent: `00-${trace}-b7ad6b7169203331-01` },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ sku: 'sku-1', qty: 1, status: 'confirmed' });
    const span = r.headers.get('traceresponse')?.split('-')[2];
    expect(payments.requests[0]?.headers['traceparent']).toBe(`00-${trace}-${span}-01`);
    expect(payments.requests[0]?.headers['idempotency-key']).toBe((r.body as { id: string }).id);
    const again = await send(`${orders.url}/orders/${(r.body as { id: string }).id}`);
    expect(again.body).toMatchObject({ status: 'confirmed' });
  });

  it('passes the load route header on to its upstreams', async () => {
    const orders = await startOrders();
    const r = await send(`${orders.url}/orders`, {
      body: ORDER,
      headers: { 'x-faultline-route': 'checkout' },
    });
    expect(r.status).toBe(201);
    expect(payments.requests[0]?.headers['x-faultline-route']).toBe('checkout');
  });

  it('rejects a bad order and an unknown sku without charging', async () => {
    const orders = await startOrders();
    expect((await send(`${orders.url}/orders`, { body: { sku: 'sku-1', qty: 0 } })).status).toBe(400);
    expect((await send(`${orders.url}/orders`, { body: { sku: 'nope', qty: 1 } })).status).toBe(404);
    expect(payments.requests).toHaveLength(0);
  });

  it('falls back to pending-payment (202, x-fallback) when payments fails', async () => {
    payments.behaviour = { kind: 'fail', status: 503 };
    const orders = await startOrders();
    const r = await send(`${orders.url}/orders`, { body: ORDER });
    expect(r.status).toBe(202);
    expect(r.headers.get('x-fallback')).toBe('payments');
    expect(r.body).toMatchObject({ status: 'pending-payment' });
  });

  it('MESH_FALLBACK=off: fails the order with 503 when payments fails', async () => {
    payments.behaviour = { kind: 'fail', status: 503 };
    const orders = await startOrders({ MESH_FALLBACK: 'off' });
    const r = await send(`${orders.url}/orders`, { body: ORDER });
    expect(r.status).toBe(503);
    expect(r.headers.get('x-fallback')).toBeNull();
  });

  it('opens the breaker when payments hangs, then fails fast; half-opens and closes after recovery without traffic', async () => {
    payments.behaviour = { kind: 'hang' };
    const { logger, states } = transitionLog();
    const orders = await startOrders(
      { PAYMENTS_TIMEOUT_MS: '1000', PAYMENTS_BREAKER_HALF_OPEN_MS: '1000' },
      logger,
    );
    const opened = Date.now();
    await checkouts(orders, 10, 50);
    await eventually(
      async () => (await orders.ctx.metrics.value('circuit_breaker_state', { upstream: 'payments' })) === 1,
      4000,
    );
    expect(Date.now() - opened).toBeLessThan(4000);

    // Open: payments sees no more calls and checkouts end well before the 1000 ms timeout would.
    const callsWhenOpen = payments.requests.length;
    const fast = await checkouts(orders, 5, 20);
    for (const r of fast) expect(r.status).toBe(202);
    expect(Math.max(...fast.map((r) => r.ms))).toBeLessThan(500);
    expect(payments.requests.length).toBe(callsWhenOpen);

    // Recovery needs no customer traffic: the client's own trial (GET /healthz) closes the breaker.
    payments.behaviour = { kind: 'ok', status: 201, body: { id: 'ch-2' } };
    await eventually(
      async () => (await orders.ctx.metrics.value('circuit_breaker_state', { upstream: 'payments' })) === 0,
      5000,
    );
    expect(payments.requests.some((r) => r.method === 'GET' && r.url === '/healthz')).toBe(true);
    expect((await send(`${orders.url}/orders`, { body: ORDER })).status).toBe(201);
    expect(states.slice(0, 1)).toEqual(['Open']);
    expect(states.slice(-2)).toEqual(['HalfOpen', 'Closed']);
  });

  it('MESH_BREAKER=off: every checkout waits for the payments timeout', async () => {
    payments.behaviour = { kind: 'hang' };
    const orders = await startOrders({ MESH_BREAKER: 'off', PAYMENTS_RETRIES: '0' });
    const rs = await checkouts(orders, 12, 20);
    for (const r of rs) {
      expect(r.status).toBe(202);
      expect(r.ms).toBeGreaterThanOrEqual(145);
    }
    expect(payments.requests.length).toBe(12);
    expect(await orders.ctx.metrics.value('circuit_breaker_state', { upstream: 'payments' })).toBe(0);
  });

  it('MESH_TIMEOUT=off: a checkout waits as long as payments does', async () => {
    payments.behaviour = { kind: 'delay', ms: 600, status: 201 };
    const orders = await startOrders({ MESH_TIMEOUT: 'off' });
    const r = await send(`${orders.url}/orders`, { body: ORDER });
    expect(r.status).toBe(201);
    expect(r.ms).toBeGreaterThanOrEqual(590);
    const withTimeout = await startOrders();
    const t = await send(`${withTimeout.url}/orders`, { body: ORDER });
    expect(t.status).toBe(202);
    expect(t.ms).toBeLessThan(590);
  });

  it('keeps retries within the budget while payments fails (<= 1.2 calls per checkout)', async () => {
    payments.behaviour = { kind: 'fail', status: 503 };
    const env = { MESH_BREAKER: 'off', PAYMENTS_RETRY_BASE_MS: '1', PAYMENTS_RETRY_MAX_MS: '2' };
    const orders = await startOrders(env);
    for (let i = 0; i < 50; i++)
      expect((await send(`${orders.url}/orders`, { body: ORDER })).status).toBe(202);
    expect(payments.requests.length / 50).toBeLessThanOrEqual(1.2);
    expect(
      await orders.ctx.metrics.value('retry_budget_exhausted_total', { upstream: 'payments' }),
    ).toBeGreaterThan(0);
    expect(await orders.ctx.metrics.value('retries_total', { upstream: 'payments' })).toBe(
      payments.requests.length - 50,
    );
  });

  it('MESH_RETRY_BUDGET=off: every failed checkout retries to the limit', async () => {
    payments.behaviour = { kind: 'fail', status: 503 };
    const env = {
      MESH_BREAKER: 'off',
      MESH_RETRY_BUDGET: 'off',
      PAYMENTS_RETRY_BASE_MS: '1',
      PAYMENTS_RETRY_MAX_MS: '2',
    };
    const orders = await startOrders(env);
    for (let i = 0; i < 50; i++) await send(`${orders.url}/orders`, { body: ORDER });
    expect(payments.requests.length).toBe(150);
  });
});

describe('orders outbox', () => {
  it('delivers every event at least once through lost acks and outages; shipping dedupes', async () => {
    const flaky = await startFakeUpstream({ kind: 'forward', to: shipping.url, loseAck: true });
    fakes.push(flaky);
    const orders = await startOrders({ SHIPPING_BREAKER_HALF_OPEN_MS: '100' }, undefined, flaky.url);
    const outbox = (orders.service as OrdersService).outbox;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push(((await send(`${orders.url}/orders`, { body: ORDER })).body as { id: string }).id);
    await eventually(() => flaky.requests.length >= 10);
    flaky.behaviour = { kind: 'fail', status: 503 };
    for (let i = 0; i < 5; i++)
      ids.push(((await send(`${orders.url}/orders`, { body: ORDER })).body as { id: string }).id);
    expect(outbox.backlog).toBeGreaterThan(0);
    flaky.behaviour = { kind: 'forward', to: shipping.url };
    await eventually(() => outbox.backlog === 0, 15_000);

    const seen = (await send(`${shipping.url}/seen`)).body as { orderIds: string[]; duplicates: number };
    expect([...seen.orderIds].sort()).toEqual([...ids].sort());
    expect(seen.duplicates).toBeGreaterThan(0);
    expect(await orders.ctx.metrics.value('outbox_backlog')).toBe(0);
  });

  it('MESH_OUTBOX=off: events sent while shipping fails are lost', async () => {
    const flaky = await startFakeUpstream({ kind: 'fail', status: 503 });
    fakes.push(flaky);
    const orders = await startOrders({ MESH_OUTBOX: 'off' }, undefined, flaky.url);
    for (let i = 0; i < 3; i++)
      expect((await send(`${orders.url}/orders`, { body: ORDER })).status).toBe(201);
    flaky.behaviour = { kind: 'forward', to: shipping.url };
    for (let i = 0; i < 2; i++) await send(`${orders.url}/orders`, { body: ORDER });
    await new Promise((r) => setTimeout(r, 300));
    const seen = (await send(`${shipping.url}/seen`)).body as { count: number };
    expect(seen.count).toBe(2);
  });
});
