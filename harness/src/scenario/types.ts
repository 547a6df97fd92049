import type { FaultSpec } from '../faults/index.js';
import type {
  BreakerCheck,
  IsolationCheck,
  MetricCheck,
  ProbeCheck,
  RecoveryCheck,
  SloMap,
  ThresholdMap,
} from '../checks/index.js';

/**
 * A scenario after parsing and validation: defaults filled, durations in ms, rates in req/s.
 * The YAML form is documented in docs/authoring.md; the zod schema in scenario-schema.ts produces this.
 */
export interface Scenario {
  name: string;
  description: string;
  /** `sample` for the bundled mesh, or a path to a mesh file (relative to the scenario file). */
  mesh: string;
  seed: number;
  load: LoadSpec;
  faults: FaultSpec[];
  checks: ChecksSpec;
  /** route → SLO expressions, parsed; judged over the baseline (steady state) and by isolation checks. */
  slo?: SloMap;
  /** k6 threshold map, parsed, evaluated every second; the first to fail stops the run (abortOnFail). */
  abort?: ThresholdMap;
  /** How `faultline explore` breaks each dependency and judges it (docs/explore.md); ignored by `run`. */
  explore?: ExploreSpec;
  /** Where the scenario came from, for messages and the report. */
  file: string;
  source: string;
}

export interface LoadSpec {
  warmupMs: number;
  durationMs: number;
  routes: RouteSpec[];
}

/**
 * A load route: one per executor (k6's names; docs/load.md), told apart by `executor`. A plain
 * `rate:` route leaves it out — it is the constant arrival rate, and reads as it always did.
 */
export type RouteSpec = ConstantArrivalRoute | RampingArrivalRoute | ClosedLoopRoute;

/** The open-model routes: requests sent on a schedule, whether or not earlier ones have answered. */
export type OpenRoute = ConstantArrivalRoute | RampingArrivalRoute;

export type Executor = 'constant-arrival-rate' | 'ramping-arrival-rate' | 'connections';

/** `rate` requests per second from t = 0 (and during warm-up). */
export interface ConstantArrivalRoute extends RouteBase, OpenRouteOptions {
  executor?: 'constant-arrival-rate';
  rate: number;
}

/** k6's ramping-arrival-rate: linear ramps from the previous target to each stage's target. */
export interface RampingArrivalRoute extends RouteBase, OpenRouteOptions {
  executor: 'ramping-arrival-rate';
  /** req/s at t = 0 (and during warm-up). */
  startRate: number;
  stages: RouteStage[];
  /** The highest rate of the ramp, req/s. */
  rate: number;
}

/** A closed loop: `connections` connections, each sending when its last answer arrived. */
export interface ClosedLoopRoute extends RouteBase {
  executor: 'connections';
  connections: number;
  /** A closed loop has no arrival rate. */
  rate: 0;
}

/** What every route has, whatever drives it. */
interface RouteBase {
  name: string;
  method: string;
  /** Path and query, starting with `/`; sent to the mesh's entry service. */
  path: string;
  headers: Record<string, string>;
  /** JSON-encoded when an object, sent as is when a string. */
  body?: unknown;
  timeoutMs: number;
  /** Statuses that count as success, inclusive ranges; default [[200, 399]]. */
  success?: StatusRange[];
  /** A successful response matching this rule is counted as degraded (served by a fallback). */
  degraded?: DegradedRule;
}

/** What only an open-model route can set. */
interface OpenRouteOptions {
  /** Most requests in flight; a request due beyond it is dropped and counted. */
  maxInFlight?: number;
  /** Most connections the route opens. */
  maxConnections?: number;
  /** Close each connection after one request, so per-connection proxy toxicity applies per request. */
  newConnectionPerRequest?: boolean;
}

export interface RouteStage {
  durationMs: number;
  /** req/s reached at the end of the stage. */
  target: number;
}

/** `[from, to]`, both inclusive. */
export type StatusRange = readonly [number, number];

/** A response header (name lower-case), or a dotted field of a JSON body; present, or equal to `equals`. */
export type DegradedRule =
  { header: string; equals?: string } | { json: string; equals?: string | number | boolean | null };

/** The faults' own types live with each fault type, in the faults module. */
export type { FaultSpec, FaultTypeName as FaultType } from '../faults/index.js';

export interface ChecksSpec {
  /**
   * k6 threshold map, parsed by validation: the key as written (`"http_req_duration{route:x}"`)
   * → its metric key and expressions (`["p(99)<150"]`), each keeping its source text.
   */
  thresholds: ThresholdMap;
  breakers?: BreakerCheck[];
  recovery?: RecoveryCheck[];
  isolation?: IsolationCheck[];
  metrics?: MetricCheck[];
  /** `checks.probes`: HTTP requests or commands sampled during the run, judged per phase. */
  probes?: ProbeCheck[];
}

/**
 * Fault types `faultline explore` enumerates: all but the last two on edges (`http_error`: the
 * edge's proxy answers every request with `httpStatus`), `crash` and `freeze` on services.
 */
export type ExploreFaultType =
  'latency' | 'down' | 'partition' | 'reset_peer' | 'http_error' | 'crash' | 'freeze';

/** The `explore:` section of a scenario, durations in ms. */
export interface ExploreSpec {
  faults: ExploreFaultType[];
  /** ms of every latency fault. */
  latencyMs: number;
  /** ms after a connection's first bytes at which reset_peer resets it. */
  resetAfterMs: number;
  /** The status the proxy answers every request of an edge with, in `http_error` faults. */
  httpStatus: number;
  /** ms each fault is held. */
  holdMs: number;
  /** ms of load that must meet the steady state before the first fault and after each revert. */
  settleMs: number;
  /** ms to wait after a revert for the steady state before restarting the mesh. */
  recoveryLimitMs: number;
  /** route → SLO expressions; routes not named here use the scenario's `slo:`. */
  slo: SloMap;
  /** Routes for which a degraded (fallback) answer counts as a failure. */
  unaffected: string[];
}
