/** A product as the seed data describes it; each service copies what it owns at start. */
export interface ProductSeed {
  sku: string;
  name: string;
  priceCents: number;
}

const NOUNS = [
  'kettle',
  'lamp',
  'mug',
  'backpack',
  'notebook',
  'headphones',
  'chair',
  'plant',
  'clock',
  'blanket',
];
const ADJECTIVES = ['red', 'oak', 'steel', 'linen', 'glass'];

/** 50 products `sku-1` … `sku-50`, the same on every start. */
export const PRODUCT_SEED: readonly ProductSeed[] = Array.from({ length: 50 }, (_, i) => ({
  sku: `sku-${i + 1}`,
  name: `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]}`,
  priceCents: 499 + ((i * 731) % 9500),
}));
