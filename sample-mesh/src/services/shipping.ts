import { Router } from 'express';
import type { MeshService, ServiceFactory } from '../runtime/service-app.js';

// Bounds memory on long runs; far above what a scenario produces.
const MAX_REMEMBERED = 200_000;

/**
 * Consumes `OrderPlaced` events. Idempotent by event id: a redelivered event is acknowledged
 * again but recorded once. `GET /seen` lists the order ids seen, in order of arrival.
 */
export const createShippingService: ServiceFactory = (): MeshService => {
  const seenEvents = new Set<string>();
  const orderIds: string[] = [];
  let duplicates = 0;
  const routes = Router();
  routes.post('/events', (req, res) => {
    const { eventId, type, orderId } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof eventId !== 'string' || type !== 'OrderPlaced' || typeof orderId !== 'string') {
      res.status(400).json({ error: 'expected an OrderPlaced event {eventId, type, orderId}' });
      return;
    }
    if (seenEvents.has(eventId)) {
      duplicates++;
      res.json({ eventId, duplicate: true });
      return;
    }
    if (seenEvents.size < MAX_REMEMBERED) {
      seenEvents.add(eventId);
      orderIds.push(orderId);
    }
    res.json({ eventId, duplicate: false });
  });
  routes.get('/seen', (_req, res) => {
    res.json({ count: orderIds.length, duplicates, orderIds });
  });
  return { routes };
};
