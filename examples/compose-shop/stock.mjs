// GET /stock/<sku>: the stock level, read from Redis (CACHE_URL) with a 200 ms limit. When Redis
// fails, the last value written or read is served, marked stale, unless STOCK_FALLBACK=off:
// then 503.
import { redis, serve } from './lib.mjs';

const CACHE_URL = process.env.CACHE_URL ?? 'redis://cache:6379';
const fallback = process.env.STOCK_FALLBACK !== 'off';
const lastKnown = new Map();
let seeded = false;

async function seed() {
  for (;;) {
    try {
      await redis(CACHE_URL, ['SET', 'stock:sku-1', '42'], 500);
      lastKnown.set('sku-1', 42);
      seeded = true;
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

serve(
  'stock',
  {
    '/stock/': async (sku) => {
      try {
        const value = await redis(CACHE_URL, ['GET', `stock:${sku}`], 200);
        if (value === null) return [404, { error: `no stock for ${sku}` }];
        lastKnown.set(sku, Number(value));
        return [200, { sku, stock: Number(value) }];
      } catch (err) {
        if (fallback && lastKnown.has(sku)) return [200, { sku, stock: lastKnown.get(sku), stale: true }];
        return [503, { error: `cache: ${err.message}` }];
      }
    },
  },
  () => seeded,
);
void seed();
