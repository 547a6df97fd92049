import { Router } from 'express';
import type { MeshService } from '../runtime/service-app.js';
import type { ServiceContext } from '../runtime/service-context.js';
import { SeenEventsLog } from './seen-events-log.js';

// Bounds memory on long runs; far above what a scenario produces.
const MAX_REMEMBERED = 200_000;
/** Ids are logged one event a line, space-separated. */
const ID = /^[\w-]{1,128}$/;
const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

/**
 * Consumes `OrderPlaced` events. Idempotent by event id: a redelivered event is acknowledged
 * again but recorded once. `GET /seen` lists the order ids seen, in order of arrival. With
 * `FAULTLINE_DATA_DIR` set (faultline sets it), what it has seen is kept on disk and survives a
 * crash and restart; without it, in memory only.
 */
export const createShippingService = (ctx: ServiceContext): MeshService => {
  const dataDir = ctx.env['FAULTLINE_DATA_DIR'];
  const log = dataDir ? new SeenEventsLog(dataDir) : undefined;
  const seenEvents = new Set<string>();
  const orderIds: string[] = [];
  let duplicates = 0;
  const remember = (eventId: string, orderId: string): void => {
    seenEvents.add(eventId);
    orderIds.push(orderId);
    ctx.metrics.eventsSeen.set(seenEvents.size);
  };
  for (const e of log?.load() ?? []) remember(e.eventId, e.orderId);
  ctx.metrics.eventsSeen.set(seenEvents.size);

  const routes = Router();
  routes.post('/events', (req, res) => {
    const { eventId, type, orderId } = (req.body ?? {}) as Record<string, unknown>;
    if (!isId(eventId) || type !== 'OrderPlaced' || !isId(orderId)) {
      res.status(400).json({ error: 'expected an OrderPlaced event {eventId, type, orderId}' });
      return;
    }
    if (seenEvents.has(eventId)) {
      duplicates++;
      res.json({ eventId, duplicate: true });
      return;
    }
    if (seenEvents.size < MAX_REMEMBERED) {
      log?.append({ eventId, orderId });
      remember(eventId, orderId);
    }
    res.json({ eventId, duplicate: false });
  });
  routes.get('/seen', (_req, res) => {
    res.json({ count: orderIds.length, duplicates, orderIds });
  });
  return { routes };
};
