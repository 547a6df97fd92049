import { Router } from 'express';
import type { MeshService, ServiceFactory } from '../runtime/service-app.js';
import { PRODUCT_SEED } from './product-seed.js';

/** Product reads from catalog's own in-memory data; calls nobody, so faults elsewhere cannot reach it. */
export const createCatalogService: ServiceFactory = (): MeshService => {
  const products = new Map(PRODUCT_SEED.map((p) => [p.sku, { ...p }]));
  const list = [...products.values()];
  const routes = Router();
  routes.get('/products', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query['limit']) || list.length, 1), list.length);
    res.json({ products: list.slice(0, limit), count: limit });
  });
  routes.get('/products/:sku', (req, res) => {
    const p = products.get(req.params.sku);
    if (!p) res.status(404).json({ error: `unknown sku "${req.params.sku}"` });
    else res.json(p);
  });
  return { routes };
};
