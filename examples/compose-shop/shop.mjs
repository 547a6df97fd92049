// GET /product/<sku>: the product page, with its stock from the stock service (STOCK_URL), which
// it waits 500 ms for. No fallback here: when stock fails, the page fails.
import { serve } from './lib.mjs';

const STOCK_URL = process.env.STOCK_URL ?? 'http://stock:8080';

serve('shop', {
  '/product/': async (sku) => {
    try {
      const res = await fetch(`${STOCK_URL}/stock/${sku}`, { signal: AbortSignal.timeout(500) });
      const body = await res.json();
      if (!res.ok) return [502, { error: `stock answered ${res.status}: ${body.error}` }];
      return [200, { sku, name: `Product ${sku}`, inStock: body.stock > 0, stale: body.stale === true }];
    } catch (err) {
      return [502, { error: `stock: ${err.message}` }];
    }
  },
});
