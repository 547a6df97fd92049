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
  /** Arrival rate, requests per second. */
  rate: number;
  timeoutMs: number;
}

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

export type FaultSpec = LatencyFault | PartitionFault | DownFault | CrashFault;
export type FaultType = FaultSpec['type'];

export interface ChecksSpec {
  /** k6 threshold map: metric with tags → expressions, e.g. `"http_req_duration{route:x}": ["p(99)<150"]` */
  thresholds: Record<string, string[]>;
}
