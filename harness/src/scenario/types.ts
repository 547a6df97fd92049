import type { FaultSpec } from '../faults/index.js';
import type { BreakerCheck, IsolationCheck, MetricCheck, RecoveryCheck, SloMap } from '../checks/index.js';

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
  /** route → SLO expressions; judged over the baseline (steady state) and by isolation checks. */
  slo?: SloMap;
  /** k6 threshold map evaluated every second; the first to fail stops the run (abortOnFail). */
  abort?: Record<string, string[]>;
  /** Where the scenario came from, for messages and the report. */
  file: string;
  source: string;
}

export interface LoadSpec {
  warmupMs: number;
  durationMs: number;
  routes: RouteSpec[];
}

export interface RouteSpec {
  name: string;
  method: string;
  /** Path and query, starting with `/`; sent to the mesh's entry service. */
  path: string;
  headers: Record<string, string>;
  /** JSON-encoded when an object, sent as is when a string. */
  body?: unknown;
  /** Arrival rate, requests per second; for a ramp its highest rate; 0 for a closed-model route. */
  rate: number;
  timeoutMs: number;
  /**
   * How load is generated (k6's executor names; docs/load.md). Absent: `ramping-arrival-rate`
   * when `stages` is given, `connections` when `connections` is, else `constant-arrival-rate`.
   */
  executor?: Executor;
  /** ramping-arrival-rate: req/s at t = 0 (and during warm-up); default 0. */
  startRate?: number;
  /** ramping-arrival-rate: linear ramps from the previous target to each stage's target. */
  stages?: RouteStage[];
  /** connections (closed model): concurrent connections, each sending when its last answer arrived. */
  connections?: number;
  /** Open model: most requests in flight; a request due beyond it is dropped and counted. */
  maxInFlight?: number;
  /** Most connections the route opens. */
  maxConnections?: number;
  /** Close each connection after one request, so per-connection proxy toxicity applies per request. */
  newConnectionPerRequest?: boolean;
  /** Statuses that count as success, inclusive ranges; default [[200, 399]]. */
  success?: StatusRange[];
  /** A successful response matching this rule is counted as degraded (served by a fallback). */
  degraded?: DegradedRule;
}

export type Executor = 'constant-arrival-rate' | 'ramping-arrival-rate' | 'connections';

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
  /** k6 threshold map: metric with tags → expressions, e.g. `"http_req_duration{route:x}": ["p(99)<150"]` */
  thresholds: Record<string, string[]>;
  breakers?: BreakerCheck[];
  recovery?: RecoveryCheck[];
  isolation?: IsolationCheck[];
  metrics?: MetricCheck[];
}
