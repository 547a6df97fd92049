import { describe, expect, it } from 'vitest';
import type { ComposeService } from '../mesh/index.js';
import { containerOptions } from './compose-container-spec.js';

const stock: ComposeService = {
  name: 'stock',
  environment: { CACHE_URL: 'redis://cache:6379/0', SHOP: 'http://shop:8080', MODE: 'on' },
  ports: [8080],
  dependsOn: {},
  healthcheck: { test: ['CMD', 'true'], intervalMs: 500, timeoutMs: 2000, startPeriodMs: 0, retries: 3 },
  networks: ['back', 'front'],
  volumes: [
    { type: 'volume', source: 'data', target: '/data', readOnly: false },
    { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
  ],
  labels: { team: 'shop' },
};

describe('containerOptions', () => {
  const opts = containerOptions(stock, {
    project: 'faultline-1234abcd',
    runId: '1234abcd-run',
    labels: { 'faultline.run': '1234abcd-run' },
    image: 'img:1',
    names: ['shop', 'stock', 'cache'],
    // Only stock->cache is an edge here; shop is not one of stock's upstreams.
    addressOf: (caller, up) =>
      caller === 'stock' && up === 'cache' ? 'faultline-toxiproxy:10001' : undefined,
    port: 8080,
    hostPort: 41000,
  });

  it("points each of the caller's edges at its proxy and leaves the rest as written", () => {
    expect(opts.Env).toEqual([
      'CACHE_URL=redis://faultline-toxiproxy:10001/0',
      'SHOP=http://shop:8080',
      'MODE=on',
      'FAULTLINE_RUN_ID=1234abcd-run',
    ]);
  });

  it('publishes only on 127.0.0.1, on the port given, never the compose file’s host port', () => {
    expect(opts.HostConfig?.PortBindings).toEqual({
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }],
    });
  });

  it('labels the container with the run, names it after the project, and keeps the service alias', () => {
    expect(opts.name).toBe('faultline-1234abcd-stock');
    expect(opts.Labels).toMatchObject({
      team: 'shop',
      'faultline.run': '1234abcd-run',
      'faultline.service': 'stock',
    });
    expect(opts.NetworkingConfig?.EndpointsConfig).toEqual({
      'faultline-1234abcd_back': { Aliases: ['stock'] },
    });
  });

  it('gives Docker the healthcheck in nanoseconds and the project’s volume names', () => {
    expect(opts.Healthcheck).toMatchObject({ Interval: 500e6, Timeout: 2000e6, Retries: 3 });
    expect(opts.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'faultline-1234abcd_data', Target: '/data', ReadOnly: false },
      { Type: 'bind', Source: '/srv/conf', Target: '/conf', ReadOnly: true },
    ]);
  });
});
