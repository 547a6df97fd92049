import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.js';
import { checkAgainstMesh } from './check-against-mesh.js';
import type { Mesh } from './types.js';

const service = (name: string, upstreams: Record<string, string> = {}) => ({
  name,
  command: ['node'],
  port: 0,
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
  env: {},
  upstreams,
});
const mesh: Mesh = {
  name: 'shop',
  dir: '.',
  entry: 'web',
  services: [
    service('web', { api: 'API_URL' }),
    service('api', { payments: 'PAYMENTS_URL' }),
    service('payments'),
  ],
};

const scenario = (faultsAndChecks: string) =>
  parseScenario(
    `name: s
load:
  duration: 10s
  routes:
    - { name: home, request: GET /, rate: 1/s }
${faultsAndChecks}`,
    's.yaml',
  );

describe('checkAgainstMesh', () => {
  it('accepts edges, services and breakers that exist', () => {
    const s = scenario(`faults:
  - { type: latency, edge: api->payments, at: 1s, for: 2s, latency: 100ms }
  - { type: crash, service: payments, at: 4s, for: 2s }
checks:
  breakers:
    - { service: api, upstream: payments, opens_within: 2s, closes_within: 5s }`);
    expect(checkAgainstMesh(s, mesh)).toEqual([]);
  });

  it('names each unknown target at its line, with a suggestion', () => {
    const s = scenario(`faults:
  - { type: latency, edge: api->paymnts, at: 1s, for: 2s, latency: 100ms }
  - { type: crash, service: pay, at: 4s, for: 2s }
checks:
  breakers:
    - { service: api, upstream: web, opens_within: 2s, closes_within: 5s }`);
    expect(checkAgainstMesh(s, mesh).map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`)).toEqual([
      '7:28 faults[0].edge: unknown edge "api->paymnts" in mesh "shop"; did you mean "api->payments"?',
      '8:29 faults[1].service: unknown service "pay" in mesh "shop"; expected one of web, api, payments',
      '11:33 checks.breakers[0].upstream: "web" is not an upstream of "api"; expected one of payments',
    ]);
  });
});
