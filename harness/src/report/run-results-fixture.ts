import {
  SCHEMA_VERSION,
  encodeHistogram,
  newHistogram,
  summarize,
  type FaultEvent,
  type Observation,
  type RouteSecond,
  type RunResults,
  type Verdict,
  type VerdictKind,
} from '../results/index.js';

/** Knobs of the test fixture; every default gives the 30 s run the reporter tests describe. */
export interface FixtureOptions {
  durationS?: number;
  name?: string;
  description?: string;
  observationEveryMs?: number;
}

/**
 * A realistic, deterministic `RunResults` for reporter tests: routes `catalog` (100/s) and
 * `checkout` (50/s); the fault `slow payments` (latency on orders->payments) over the middle third;
 * checkout slows, orders' breaker towards payments opens, fails fast, half-opens and closes;
 * inventory misses its health checks for a moment; verdicts pass, fail and error.
 */
export function runResultsFixture(options: FixtureOptions = {}): RunResults {
  const durationS = options.durationS ?? 30;
  const faultStart = Math.round(durationS / 3);
  const faultEnd = Math.round((2 * durationS) / 3);
  const name = options.name ?? 'payments-latency';
  const description =
    options.description ??
    'Payments slows to 2 s; checkout must trip its breaker and fail fast, catalog must not notice.';
  const fault: FaultEvent = {
    name: 'slow payments',
    type: 'latency',
    target: 'orders->payments',
    params: { latency: 2000, jitter: 100 },
    scheduledAtMs: faultStart * 1000,
    scheduledEndMs: faultEnd * 1000,
    appliedAtMs: faultStart * 1000 + 12,
    revertedAtMs: faultEnd * 1000 + 8,
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    run: {
      id: 'run-20261126T103005-7f3a',
      startedAt: '2026-11-26T10:30:05.000Z',
      endedAt: new Date(Date.parse('2026-11-26T10:30:05.000Z') + durationS * 1000).toISOString(),
      platform: 'local',
      warmupMs: 5000,
      durationMs: durationS * 1000,
      faultlineVersion: '0.1.0',
      node: 'v20.20.2',
      os: 'linux 6.1.0 x64',
      cpus: 2,
    },
    scenario: {
      name,
      description,
      file: 'scenarios/payments-latency.yaml',
      source: scenarioSource(name, durationS, faultStart, faultEnd - faultStart),
      seed: 42,
    },
    routes: [
      { name: 'catalog', method: 'GET', path: '/api/catalog', rate: 100, timeoutMs: 1000 },
      { name: 'checkout', method: 'POST', path: '/api/orders', rate: 50, timeoutMs: 3000 },
    ],
    seconds: routeSeconds(durationS, faultStart, faultEnd),
    faults: [fault],
    observations: observations(durationS, faultStart, faultEnd, options.observationEveryMs ?? 500),
    verdicts: verdicts(faultStart, faultEnd),
    outcome: 'failed',
    exitCode: 1,
    errors: [],
  };
}

type Regime = 'normal' | 'slow' | 'open' | 'half-open';

function checkoutRegime(t: number, faultStart: number, faultEnd: number): Regime {
  if (t < faultStart || t > faultEnd + 1) return 'normal';
  if (t < faultStart + 2) return 'slow';
  if (t <= faultEnd) return 'open';
  return 'half-open';
}

function routeSeconds(durationS: number, faultStart: number, faultEnd: number): RouteSecond[] {
  const cache = new Map<string, Pick<RouteSecond, 'latency' | 'histogram'>>();
  // Histograms repeat every 16 s per regime: long runs stay fast to build, short ones vary.
  const sample = (
    route: string,
    regime: Regime,
    t: number,
    ok: number,
    failed: number,
  ): Pick<RouteSecond, 'latency' | 'histogram'> => {
    const key = `${route}:${regime}:${t % 16}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const rnd = mulberry32(hash(key));
    const h = newHistogram();
    for (let i = 0; i < ok; i++) h.recordValue(okLatencyUs(route, regime, rnd));
    for (let i = 0; i < failed; i++) h.recordValue(1500 + rnd() * 1500);
    const made = { latency: summarize(h), histogram: encodeHistogram(h) };
    cache.set(key, made);
    return made;
  };
  const out: RouteSecond[] = [];
  for (const route of ['catalog', 'checkout']) {
    for (let t = 0; t < durationS; t++) {
      const regime = route === 'catalog' ? 'normal' : checkoutRegime(t, faultStart, faultEnd);
      const offered = route === 'catalog' ? 100 : 50;
      const failed = regime === 'open' ? 45 : regime === 'half-open' ? 10 : 0;
      const sent = regime === 'slow' ? offered - 1 : offered;
      const ok = sent - failed;
      out.push({
        route,
        t,
        offered,
        sent,
        ok,
        failed,
        failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
        statuses: failed > 0 ? { '200': ok, '503': failed } : { '200': ok },
        ...sample(route, regime, t, ok, failed),
      });
    }
  }
  return out;
}

function okLatencyUs(route: string, regime: Regime, rnd: () => number): number {
  const tail = rnd() < 0.02 ? 4 : 1;
  if (route === 'catalog') return (12_000 + rnd() * 16_000) * tail;
  if (regime === 'slow' || regime === 'open') return 2_000_000 + rnd() * 100_000;
  return (30_000 + rnd() * 25_000) * tail;
}

const SERVICES = ['catalog', 'gateway', 'inventory', 'orders', 'payments'];

function observations(
  durationS: number,
  faultStart: number,
  faultEnd: number,
  everyMs: number,
): Observation[] {
  const out: Observation[] = [];
  for (let tMs = 0; tMs < durationS * 1000; tMs += everyMs) {
    const s = tMs / 1000;
    const paymentsBreaker = s < faultStart + 1.5 ? 0 : s < faultEnd + 1 ? 1 : s < faultEnd + 1.5 ? 2 : 0;
    for (const service of SERVICES) {
      const metrics: Record<string, number> = { process_resident_memory_bytes: 52_000_000 };
      if (service === 'gateway') metrics['circuit_breaker_state{upstream="orders"}'] = 0;
      if (service === 'orders') {
        metrics['circuit_breaker_state{upstream="payments"}'] = paymentsBreaker;
        metrics['circuit_breaker_state{upstream="inventory"}'] = 0;
        metrics['http_requests_total{route="/orders",status="503"}'] = Math.floor(s);
      }
      const up = !(service === 'inventory' && s >= durationS * 0.8 && s < durationS * 0.8 + 1.5);
      out.push({ tMs, service, up, metrics });
    }
  }
  return out;
}

function verdicts(faultStart: number, faultEnd: number): Verdict[] {
  return [
    {
      id: 'threshold:http_req_duration{route:catalog}:p(99)<150',
      kind: 'threshold',
      name: 'http_req_duration{route:catalog}: p(99)<150',
      status: 'pass',
      measured: 31.4,
      unit: 'ms',
      limit: '< 150',
      evidence: 'p(99) of 3000 requests over the whole run',
    },
    {
      id: 'threshold:http_req_duration{route:checkout,phase:fault}:p(99)<300',
      kind: 'threshold',
      name: 'http_req_duration{route:checkout,phase:fault}: p(99)<300',
      status: 'fail',
      measured: 2093.1,
      unit: 'ms',
      limit: '< 300',
      phase: 'fault',
      evidence: `p(99) of seconds ${faultStart}–${faultEnd}: seconds ${faultStart} and ${faultStart + 1} waited on payments before the breaker opened`,
    },
    {
      id: 'breaker:orders->payments:opens_within',
      // Not a kind this version writes: reports show whatever kind a results file names.
      kind: 'breaker' as VerdictKind,
      name: 'orders->payments opens within 5s',
      status: 'pass',
      measured: 1.49,
      unit: 's',
      limit: '<= 5 s',
      phase: 'fault',
      evidence: `circuit_breaker_state{upstream="payments"} on orders went 0 → 1 at ${faultStart + 1.5} s`,
    },
    {
      id: 'recovery:checkout',
      kind: 'recovery',
      name: 'checkout recovers within 10s: p(95)<200, rate<0.01',
      status: 'error',
      measured: null,
      unit: 's',
      limit: '<= 10 s',
      phase: 'recovery',
      evidence: `the run ended ${faultEnd} s after the fault; too few recovery seconds to judge`,
    },
  ];
}

function scenarioSource(name: string, durationS: number, at: number, forS: number): string {
  return `name: ${JSON.stringify(name)}
mesh: sample
seed: 42
load:
  warmup: 5s
  duration: ${durationS}s
  routes:
    - { name: catalog,  request: GET /api/catalog, rate: 100/s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 50/s, timeout: 3s }
faults:
  - { name: slow payments, at: ${at}s, for: ${forS}s, edge: orders->payments, latency: 2000ms, jitter: 100ms }
checks:
  thresholds:
    "http_req_duration{route:catalog}": ["p(99)<150"]
    "http_req_duration{route:checkout,phase:fault}": ["p(99)<300"]
  breakers:
    - { service: orders, upstream: payments, opens_within: 5s, closes_within: 15s }
  recovery:
    - { route: checkout, within: 10s, slo: ["p(95)<200", "rate<0.01"] }
`;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
