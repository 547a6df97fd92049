import { Router } from 'express';
import type { MeshService, ServiceFactory } from '../runtime/service-app.js';
import { envNumber } from '../runtime/settings.js';
import { PRODUCT_SEED } from './product-seed.js';

interface Reservation {
  id: string;
  orderId: string;
  sku: string;
  qty: number;
}

/**
 * Stock per SKU and reservations against it. `POST /reservations` is idempotent by `orderId`, so
 * a caller may retry a reservation whose answer it never saw.
 */
export const createInventoryService: ServiceFactory = (ctx): MeshService => {
  const initial = envNumber(ctx.env, 'INVENTORY_STOCK_PER_SKU', 1_000_000);
  const stock = new Map(PRODUCT_SEED.map((p) => [p.sku, initial]));
  const byOrder = new Map<string, Reservation>();
  let next = 1;
  const routes = Router();

  routes.post('/reservations', (req, res) => {
    const { orderId, sku, qty } = (req.body ?? {}) as Record<string, unknown>;
    if (
      typeof orderId !== 'string' ||
      typeof sku !== 'string' ||
      !Number.isInteger(qty) ||
      (qty as number) < 1
    ) {
      res.status(400).json({ error: 'expected {orderId: string, sku: string, qty: positive integer}' });
      return;
    }
    const existing = byOrder.get(orderId);
    if (existing) {
      res.status(201).json(existing);
      return;
    }
    const left = stock.get(sku);
    if (left === undefined) {
      res.status(404).json({ error: `unknown sku "${sku}"` });
      return;
    }
    if (left < (qty as number)) {
      res.status(409).json({ error: `only ${left} of "${sku}" left` });
      return;
    }
    stock.set(sku, left - (qty as number));
    const reservation = { id: `res-${next++}`, orderId, sku, qty: qty as number };
    byOrder.set(orderId, reservation);
    res.status(201).json(reservation);
  });
  routes.get('/stock/:sku', (req, res) => {
    const left = stock.get(req.params.sku);
    if (left === undefined) res.status(404).json({ error: `unknown sku "${req.params.sku}"` });
    else res.json({ sku: req.params.sku, available: left });
  });
  return { routes };
};
