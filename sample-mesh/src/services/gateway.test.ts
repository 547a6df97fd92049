import { afterEach, describe, expect, it } from 'vitest';
import { launchService, type RunningService } from '../runtime/launch-service.js';
import type { Env } from '../runtime/settings.js';
import { eventually, startFakeUpstream, type FakeUpstream } from '../testing/fake-upstream.js';
import { send, type TestResponse } from '../testing/test-http.js';
import { createCatalogService } from './catalog.js';
import { createGatewayService } from './gateway.js';

let running: RunningService[] = [];
let fakes: FakeUpstream[] = [];

afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await Promise.all(fakes.map((f) => f.close()));
  running = [];
  fakes = [];
});

async function fake(...args: Parameters<typeof startFakeUpstream>): Promise<FakeUpstream> {
  const f = await startFakeUpstream(...args);
  fakes.push(f);
  return f;
}

async function startGateway(
  upstreams: { catalog: string; orders: string; shipping?: string },
  env: Env = {},
): Promise<RunningService> {
  const gw = await launchService({
    name: 'gateway',
    factory: createGatewayService,
    env: {
      CATALOG_URL: upstreams.catalog,
      ORDERS_URL: upstreams.orders,
      SHIPPING_URL: upstreams.shipping ?? 'http://127.0.0.1:9',
      ...env,
    },
  });
  running.push(gw);
  return gw;
}

async function startCatalog(): Promise<RunningService> {
  const c = await launchService({ name: 'catalog', factory: createCatalogService });
  running.push(c);
  return c;
}

describe('gateway', () => {
  it('routes to catalog and orders and passes statuses and the fallback header through', async () => {
    const catalog = await startCatalog();
    const orders = await fake({
      kind: 'ok',
      status: 202,
      body: { id: 'o-1', status: 'pending-payment' },
      headers: { 'x-fallback': 'payments' },
    });
    const gw = await startGateway({ catalog: catalog.url, orders: orders.url });

    const list = await send(`${gw.url}/api/catalog`);
    expect(list.status).toBe(200);
    expect((list.body as { count: number }).count).toBe(50);
    expect((await send(`${gw.url}/api/catalog/sku-2`)).body).toMatchObject({ sku: 'sku-2' });
    expect((await send(`${gw.url}/api/catalog/sku-999`)).status).toBe(404);

    const created = await send(`${gw.url}/api/orders`, { body: { sku: 'sku-1', qty: 1 } });
    expect(created.status).toBe(202);
    expect(created.headers.get('x-fallback')).toBe('payments');
    expect(orders.requests[0]).toMatchObject({ method: 'POST', url: '/orders' });
    expect(JSON.parse(orders.requests[0]!.body)).toEqual({ sku: 'sku-1', qty: 1 });

    const metrics = await send(`${gw.url}/metrics`);
    expect(String(metrics.body)).toMatch(/http_server_requests_total\{route="\/api\/catalog",status="200"/);
  });

  it('generates a traceparent when absent and forwards it with its own span as parent', async () => {
    const orders = await fake({ kind: 'ok' });
    const gw = await startGateway({ catalog: orders.url, orders: orders.url });
    const r = await send(`${gw.url}/api/orders/o-1`);
    const [, traceId, spanId] = r.headers.get('traceresponse')!.split('-');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(orders.requests[0]?.headers['traceparent']).toBe(`00-${traceId}-${spanId}-01`);
  });

  it('passes the load route header on to the upstream, and sends none when the request had none', async () => {
    const orders = await fake({ kind: 'ok' });
    const gw = await startGateway({ catalog: orders.url, orders: orders.url });
    await send(`${gw.url}/api/orders/o-1`, { headers: { 'x-faultline-route': 'lookup' } });
    await send(`${gw.url}/api/orders/o-2`);
    expect(orders.requests.map((r) => r.headers['x-faultline-route'])).toEqual(['lookup', undefined]);
  });

  it('is ready without its upstreams, and says why an upstream failed', async () => {
    const gw = await startGateway({ catalog: 'http://127.0.0.1:9', orders: 'http://127.0.0.1:9' });
    expect((await send(`${gw.url}/readyz`)).status).toBe(200);
    expect((await send(`${gw.url}/healthz`)).status).toBe(200);
    const r = await send(`${gw.url}/api/catalog`);
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ failure: 'network_error' });
  });

  it('answers 504 when catalog hangs past its timeout; MESH_TIMEOUT=off waits', async () => {
    const slow = await fake({ kind: 'hang' });
    const gw = await startGateway({ catalog: slow.url, orders: slow.url }, { CATALOG_TIMEOUT_MS: '200' });
    expect((await send(`${gw.url}/api/catalog`)).status).toBe(504);

    const noTimeout = await startGateway(
      { catalog: slow.url, orders: slow.url },
      { CATALOG_TIMEOUT_MS: '200', MESH_TIMEOUT: 'off' },
    );
    let settled = false;
    const pending = send(`${noTimeout.url}/api/catalog`).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 800));
    expect(settled).toBe(false);
    slow.behaviour = { kind: 'ok' };
    await slow.close();
    fakes = fakes.filter((f) => f !== slow);
    expect((await pending).status).toBe(502);
  });

  describe('bulkhead', () => {
    const env = { GATEWAY_MAX_INFLIGHT: '10', ORDERS_BULKHEAD_LIMIT: '4', ORDERS_TIMEOUT_MS: '20000' };

    /** Fires 12 checkouts at a hanging orders, then asks for the catalog. */
    async function catalogWhileOrdersHang(
      extraEnv: Env,
    ): Promise<{ catalog: TestResponse; gw: RunningService; hung: FakeUpstream }> {
      const catalog = await startCatalog();
      const hung = await fake({ kind: 'hang' });
      const gw = await startGateway({ catalog: catalog.url, orders: hung.url }, { ...env, ...extraEnv });
      const checkouts = Array.from({ length: 12 }, () =>
        send(`${gw.url}/api/orders`, { body: { sku: 'sku-1', qty: 1 } }),
      );
      const shed = async (): Promise<number> =>
        (await gw.ctx.metrics.value('bulkhead_rejections_total', { upstream: 'orders' })) +
        (await gw.ctx.metrics.value('bulkhead_rejections_total', { upstream: 'gateway' }));
      // Every checkout is either hanging in orders or was refused by a bulkhead.
      await eventually(async () => hung.inFlight + (await shed()) === 12);
      const result = await send(`${gw.url}/api/catalog`);
      await hung.close();
      fakes = fakes.filter((f) => f !== hung);
      await Promise.all(checkouts);
      return { catalog: result, gw, hung };
    }

    it('keeps catalog answering while orders hangs: orders holds only its share', async () => {
      const { catalog, gw, hung } = await catalogWhileOrdersHang({});
      expect(catalog.status).toBe(200);
      expect(hung.requests.length).toBe(4);
      expect(await gw.ctx.metrics.value('bulkhead_rejections_total', { upstream: 'orders' })).toBe(8);
    });

    it('MESH_BULKHEAD=off: hanging orders takes the whole gateway and catalog is refused', async () => {
      const { catalog, gw, hung } = await catalogWhileOrdersHang({ MESH_BULKHEAD: 'off' });
      expect(catalog.status).toBe(503);
      expect(catalog.body).toMatchObject({ error: 'gateway at capacity' });
      expect(hung.requests.length).toBe(10);
      expect(await gw.ctx.metrics.value('bulkhead_rejections_total', { upstream: 'orders' })).toBe(0);
    });
  });
});
