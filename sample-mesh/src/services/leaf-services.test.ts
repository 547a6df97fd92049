import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchService, type RunningService } from '../runtime/launch-service.js';
import type { ServiceFactory } from '../runtime/service-app.js';
import { send } from '../testing/test-http.js';
import { createInventoryService } from './inventory.js';
import { createPaymentsService } from './payments.js';
import { createShippingService } from './shipping.js';

let running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  running = [];
});

async function start(name: string, factory: ServiceFactory, env = {}): Promise<string> {
  const r = await launchService({ name, factory, env });
  running.push(r);
  return r.url;
}

describe('inventory', () => {
  it('reserves stock once per order and refuses what is not there', async () => {
    const url = await start('inventory', createInventoryService, { INVENTORY_STOCK_PER_SKU: '3' });
    const first = await send(`${url}/reservations`, { body: { orderId: 'o-1', sku: 'sku-1', qty: 2 } });
    const retried = await send(`${url}/reservations`, { body: { orderId: 'o-1', sku: 'sku-1', qty: 2 } });
    expect(first.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    expect((await send(`${url}/stock/sku-1`)).body).toMatchObject({ available: 1 });
    expect(
      (await send(`${url}/reservations`, { body: { orderId: 'o-2', sku: 'sku-1', qty: 2 } })).status,
    ).toBe(409);
    expect(
      (await send(`${url}/reservations`, { body: { orderId: 'o-3', sku: 'nope', qty: 1 } })).status,
    ).toBe(404);
    expect((await send(`${url}/reservations`, { body: { sku: 'sku-1' } })).status).toBe(400);
  });
});

describe('payments', () => {
  it('charges an order once however often it is asked', async () => {
    const url = await start('payments', createPaymentsService);
    const a = await send(`${url}/charges`, { body: { orderId: 'o-1', amountCents: 499 } });
    const b = await send(`${url}/charges`, { body: { orderId: 'o-1', amountCents: 499 } });
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect((await send(`${url}/charges/count`)).body).toEqual({ count: 1 });
  });
});

describe('shipping', () => {
  it('records each event once and lists the orders it has seen', async () => {
    const url = await start('shipping', createShippingService);
    const event = { eventId: 'e-1', type: 'OrderPlaced', orderId: 'o-1' };
    expect((await send(`${url}/events`, { body: event })).body).toEqual({ eventId: 'e-1', duplicate: false });
    expect((await send(`${url}/events`, { body: event })).body).toEqual({ eventId: 'e-1', duplicate: true });
    await send(`${url}/events`, { body: { ...event, eventId: 'e-2', orderId: 'o-2' } });
    expect((await send(`${url}/events`, { body: { eventId: 'e-3' } })).status).toBe(400);
    expect((await send(`${url}/seen`)).body).toEqual({ count: 2, duplicates: 1, orderIds: ['o-1', 'o-2'] });
  });

  it('keeps what it has seen across a restart when it has a data folder, and drops a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipping-data-'));
    try {
      const env = { FAULTLINE_DATA_DIR: dir };
      const first = await start('shipping', createShippingService, env);
      await send(`${first}/events`, { body: { eventId: 'e-1', type: 'OrderPlaced', orderId: 'o-1' } });
      expect(
        (await send(`${first}/events`, { body: { eventId: 'bad id', type: 'OrderPlaced', orderId: 'o-2' } }))
          .status,
      ).toBe(400);
      await running.pop()!.stop();
      appendFileSync(join(dir, 'shipping-seen-events.log'), 'e-torn o-');

      const again = await start('shipping', createShippingService, env);
      expect((await send(`${again}/seen`)).body).toEqual({ count: 1, duplicates: 0, orderIds: ['o-1'] });
      const redelivered = await send(`${again}/events`, {
        body: { eventId: 'e-1', type: 'OrderPlaced', orderId: 'o-1' },
      });
      expect(redelivered.body).toEqual({ eventId: 'e-1', duplicate: true });
      const metrics = await send(`${again}/metrics`);
      expect(String(metrics.body)).toMatch(/^shipping_events_seen\{service="shipping"\} 1$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
