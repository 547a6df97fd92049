import { describe, expect, it } from 'vitest';
import type { Mesh } from '../mesh/index.js';
import { httpToxicsMissing } from './toxiproxy-image-check.js';

const mesh = { name: 'shop', entry: 'gateway', services: [] } as unknown as Mesh;
const compose = { ...mesh, compose: {} } as unknown as Mesh;

describe('httpToxicsMissing', () => {
  it('names the image and the flag when a container of another Toxiproxy image has no HTTP toxics', () => {
    const shopify = { platform: 'docker', toxiproxyImage: 'ghcr.io/shopify/toxiproxy:2.12.0' };
    expect(httpToxicsMissing(mesh, shopify)).toBe(
      "needs HTTP toxics, which the Toxiproxy image ghcr.io/shopify/toxiproxy:2.12.0 lacks; pass --toxiproxy-image faultline to run faultline's own Toxiproxy-compatible server",
    );
    expect(httpToxicsMissing(compose, { ...shopify, platform: 'local' })).toMatch(/lacks/);
  });

  it('finds nothing missing with faultline’s own server: its image, or the local platform', () => {
    expect(httpToxicsMissing(mesh, { platform: 'docker', toxiproxyImage: 'faultline' })).toBeUndefined();
    expect(httpToxicsMissing(mesh, { platform: 'local', toxiproxyImage: 'whatever' })).toBeUndefined();
  });
});
