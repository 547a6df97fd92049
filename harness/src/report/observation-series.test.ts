import { describe, expect, it } from 'vitest';
import { parseSeriesKey, type BreakerRead, type Observation } from '../results/index.js';
import { breakerSeries, serviceHealth } from './observation-series.js';
import { runResultsFixture } from './run-results-fixture.js';

function withObservations(observations: Observation[]): ReturnType<typeof runResultsFixture> {
  return { ...runResultsFixture(), observations };
}

describe('parseSeriesKey', () => {
  it('splits the name and the labels, unescaping values', () => {
    expect(parseSeriesKey('circuit_breaker_state{service="orders",upstream="pay\\"ments"}')).toEqual({
      name: 'circuit_breaker_state',
      labels: { service: 'orders', upstream: 'pay"ments' },
    });
    expect(parseSeriesKey('up')).toEqual({ name: 'up', labels: {} });
  });
});

describe('series keys in the report and in the checks', () => {
  it('decode an escaped line break in a label value alike: as a line break', () => {
    // Prometheus escapes a line break in a label value as \n; the key keeps the escape.
    const key = 'circuit_breaker_state{upstream="pay\\nments"}';
    const obs = [{ tMs: 0, service: 'orders', up: true, metrics: { [key]: 1 } }];
    const [series] = breakerSeries(withObservations(obs), 1);
    expect(series?.upstream).toBe('pay\nments');
    expect(parseSeriesKey(key).labels['upstream']).toBe('pay\nments');
  });
});

describe('breakerSeries', () => {
  it('keeps the change points of each service and upstream, ignoring other metrics', () => {
    const states = [0, 0, 1, 1, 1, 2, 0, 0];
    const obs = states.map((state, i) => ({
      tMs: i * 500,
      service: 'orders',
      up: true,
      metrics: { 'circuit_breaker_state{upstream="payments"}': state, 'http_requests_total{code="200"}': i },
    }));
    const series = breakerSeries(withObservations(obs), 1);
    expect(series).toEqual([
      {
        service: 'orders',
        upstream: 'payments',
        points: [
          [0, 0],
          [1, 1],
          [2.5, 2],
          [3, 0],
          [3.5, 0],
        ],
      },
    ]);
  });

  it('charts each checked breaker from the metric its check names: label-encoded and JSON-read', () => {
    const r4j = ['closed', 'open', 'open', 'half_open', 'closed'];
    const json = ['false', 'false', 'true', 'false', 'false'];
    const obs: Observation[] = r4j.map((state, i) => ({
      tMs: i * 1000,
      service: 'orders',
      up: true,
      metrics: {
        [`resilience4j_circuitbreaker_state{name="payments",state="${state}"}`]: 1,
        'resilience4j_circuitbreaker_state{name="payments",state="disabled"}': 0,
      },
    }));
    for (const [i, state] of json.entries()) {
      obs.push({
        tMs: i * 1000,
        service: 'front',
        up: true,
        metrics: { [`faultline_breaker_json{path="/breaker",pointer="/state/open",state="${state}"}`]: 1 },
      });
    }
    const breakers: BreakerRead[] = [
      {
        service: 'orders',
        upstream: 'payments',
        metric: {
          name: 'resilience4j_circuitbreaker_state',
          labels: { name: 'payments' },
          stateLabel: 'state',
          states: { closed: 'closed', open: 'open', halfOpen: 'half_open' },
        },
      },
      {
        service: 'front',
        upstream: 'back',
        metric: {
          name: 'faultline_breaker_json',
          labels: { path: '/breaker', pointer: '/state/open' },
          stateLabel: 'state',
          states: { closed: 'false', open: 'true' },
        },
      },
    ];
    expect(breakerSeries({ ...withObservations(obs), breakers }, 1)).toEqual([
      {
        service: 'front',
        upstream: 'back',
        points: [
          [0, 0],
          [2, 1],
          [3, 0],
          [4, 0],
        ],
      },
      {
        service: 'orders',
        upstream: 'payments',
        points: [
          [0, 0],
          [1, 1],
          [3, 2],
          [4, 0],
        ],
      },
    ]);
  });

  it('keeps one state per bucket, open first, when a breaker flaps past the point budget', () => {
    const obs = Array.from({ length: 8000 }, (_, i) => ({
      tMs: i * 250,
      service: 'orders',
      up: true,
      metrics: { 'circuit_breaker_state{upstream="payments"}': i % 2 },
    }));
    const [series] = breakerSeries(withObservations(obs), 1);
    expect(series?.points.length).toBeLessThanOrEqual(3000);
    expect(series?.points.every(([, state]) => state === 1)).toBe(true);
  });
});

describe('serviceHealth', () => {
  it('turns failed health checks into down windows', () => {
    const ups = [true, false, false, true, true, false];
    const obs = ups.map((up, i) => ({ tMs: i * 1000, service: 'inventory', up, metrics: {} }));
    expect(serviceHealth(withObservations(obs), 1)).toEqual([
      {
        service: 'inventory',
        observedFrom: 0,
        observedTo: 5,
        down: [
          [1, 3],
          [5, 5],
        ],
      },
    ]);
  });
});
