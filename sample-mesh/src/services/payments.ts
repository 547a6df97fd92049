import { Router } from 'express';
import type { MeshService, ServiceFactory } from '../runtime/service-app.js';

interface Charge {
  id: string;
  orderId: string;
  amountCents: number;
  status: 'captured';
}

/** Captures charges; `POST /charges` is idempotent by `orderId`, so retries never charge twice. */
export const createPaymentsService: ServiceFactory = (): MeshService => {
  const byOrder = new Map<string, Charge>();
  let next = 1;
  const routes = Router();
  routes.post('/charges', (req, res) => {
    const { orderId, amountCents } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof orderId !== 'string' || !Number.isInteger(amountCents) || (amountCents as number) < 0) {
      res.status(400).json({ error: 'expected {orderId: string, amountCents: non-negative integer}' });
      return;
    }
    let charge = byOrder.get(orderId);
    if (!charge) {
      charge = { id: `ch-${next++}`, orderId, amountCents: amountCents as number, status: 'captured' };
      byOrder.set(orderId, charge);
    }
    res.status(201).json(charge);
  });
  routes.get('/charges/count', (_req, res) => {
    res.json({ count: byOrder.size });
  });
  return { routes };
};
