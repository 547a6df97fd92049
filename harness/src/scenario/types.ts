import type {
  BreakerCheck,
  IsolationCheck,
  MetricCheck,
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

interface FaultBase {
  name: string;
  /** ms since the start of measurement (end of warm-up) */
  atMs: number;
  forMs: number;
}

/** Network faults act on one edge `caller->upstream` of the mesh, through its proxy. */
export interface LatencyFault extends FaultBase {
  type: 'latency';
  edge: string;
  latencyMs: number;
  jitterMs: number;
  /** Share of connections the toxic applies to, drawn per connection (Toxiproxy's toxicity); default 1. */
  toxicity?: number;
}

/** Holds every byte in both directions (Toxiproxy `timeout` toxic with timeout 0). */
export interface PartitionFault extends FaultBase {
  type: 'partition';
  edge: string;
}

/** The edge refuses connections (the proxy is disabled). */
export interface DownFault extends FaultBase {
  type: 'down';
  edge: string;
}

/** SIGKILL the service at `at`; start it again after `for` unless `restart` is false. */
export interface CrashFault extends FaultBase {
  type: 'crash';
  service: string;
  restart: boolean;
}

/** Connections on the edge are reset (RST) `timeoutMs` after a request's first bytes (Toxiproxy `reset_peer`). */
export interface ResetPeerFault extends FaultBase {
  type: 'reset_peer';
  edge: string;
  timeoutMs: number;
}

/** Responses on the edge flow at most `rateKBps` KB/s (1 KB = 1000 bytes; Toxiproxy `bandwidth`). */
export interface BandwidthFault extends FaultBase {
  type: 'bandwidth';
  edge: string;
  rateKBps: number;
}

/** The upstream's close reaches the caller `delayMs` late (Toxiproxy `slow_close`). */
export interface SlowCloseFault extends FaultBase {
  type: 'slow_close';
  edge: string;
  delayMs: number;
}

/** Data on the edge is dropped and each connection closed `timeoutMs` after its last bytes (Toxiproxy `timeout`). */
export interface TimeoutFault extends FaultBase {
  type: 'timeout';
  edge: string;
  timeoutMs: number;
}

/** SIGSTOP the service at `at` (docker: pause) and continue it after `for`: it hangs but keeps its sockets. */
export interface FreezeFault extends FaultBase {
  type: 'freeze';
  service: string;
}

export type FaultSpec =
  | LatencyFault
  | PartitionFault
  | DownFault
  | CrashFault
  | ResetPeerFault
  | BandwidthFault
  | SlowCloseFault
  | TimeoutFault
  | FreezeFault;
export type FaultType = FaultSpec['type'];

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
}
