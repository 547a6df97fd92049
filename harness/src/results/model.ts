/**
 * The results.json model: everything a run recorded, and every verdict decided from it.
 * Every output (HTML, JUnit, Markdown, terminal) is a function of this value alone.
 *
 * Time: `t` and `...Ms` fields count from the start of measurement (the end of warm-up), so a
 * fault scheduled `at: 15s` is expected near `appliedAtMs: 15000`. Warm-up is not recorded.
 */
export const SCHEMA_VERSION = 1;

/** How a run ended, from best to worst for a CI gate. */
export type Outcome = 'passed' | 'failed' | 'inconclusive' | 'error' | 'interrupted';

export interface RunResults {
  schemaVersion: number;
  run: RunInfo;
  scenario: ScenarioRecord;
  routes: RouteInfo[];
  /** One entry per route and per whole second of measurement, ordered by route then `t`. */
  seconds: RouteSecond[];
  faults: FaultEvent[];
  observations: Observation[];
  verdicts: Verdict[];
  outcome: Outcome;
  exitCode: number;
  /** Harness problems (not check failures), in the order they happened. */
  errors: string[];
}

export interface RunInfo {
  id: string;
  /** Wall-clock time of t = 0 (end of warm-up), ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
  platform: string;
  warmupMs: number;
  durationMs: number;
  faultlineVersion: string;
  node: string;
  os: string;
  cpus: number;
}

export interface ScenarioRecord {
  name: string;
  description: string;
  file: string;
  /** The scenario file exactly as written. */
  source: string;
  seed: number;
}

export interface RouteInfo {
  name: string;
  method: string;
  path: string;
  /** Offered arrival rate, requests per second (for a ramp its highest rate; 0 for a closed model). */
  rate: number;
  timeoutMs: number;
  /**
   * Which load model produced the route's numbers. `open` (arrival rates): latency counts from
   * each request's due time. `closed` (a fixed number of connections, each waiting for its answer
   * before sending again): latency counts from the actual send, so stalls are understated.
   * Absent in older results: open.
   */
  model?: 'open' | 'closed';
  /** k6 executor name: `constant-arrival-rate`, `ramping-arrival-rate` or `connections`. */
  executor?: string;
  /** ramping-arrival-rate: the rate at t = 0 and the stages ramped through, each ending at `target` req/s. */
  startRate?: number;
  stages?: { durationMs: number; target: number }[];
  /** closed model: the number of connections, each with one request outstanding. */
  connections?: number;
  /** open model: the cap on requests in flight beyond which due requests are dropped. */
  maxInFlight?: number;
  /** The cap on connections the route opened. */
  maxConnections?: number;
  /** Each request went on a new connection. */
  newConnectionPerRequest?: boolean;
}

/** Why a request did not succeed. */
export type FailureKind = 'http4xx' | 'http5xx' | 'timeout' | 'connection';

export interface RouteSecond {
  route: string;
  /** Whole second since t = 0: this entry covers [t, t + 1) s by intended send time. */
  t: number;
  /** Requests due in this second by the arrival schedule. */
  offered: number;
  /** Requests actually sent (offered minus dropped). */
  sent: number;
  ok: number;
  failed: number;
  failures: Record<FailureKind, number>;
  /** Responses by HTTP status code; requests without a response are not counted here. */
  statuses: Record<string, number>;
  /** Latency summary in ms, from intended send time to completion (coordinated-omission free). */
  latency: LatencySummary;
  /** HDR histogram of the same latencies in µs, compressed base64 (hdr-histogram-js). */
  histogram: string;
  /**
   * Requests due in this second that were not sent because the route's in-flight cap was reached
   * (`offered = sent + dropped`); never in ok, failed or the histogram. Absent in older results: 0.
   */
  dropped?: number;
  /** Successful responses (also counted in `ok`) that matched the route's `degraded` rule, e.g. served by a fallback. */
  degraded?: number;
  /** Peak number of the route's connections open during this second. */
  connections?: number;
}

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface FaultEvent {
  name: string;
  type: string;
  /** An edge `caller->upstream` or a service name. */
  target: string;
  params: Record<string, string | number | boolean>;
  /** Scheduled offsets, ms since t = 0. */
  scheduledAtMs: number;
  scheduledEndMs: number;
  /** When the fault actually took effect and was reverted, ms since t = 0; null if it never did. */
  appliedAtMs: number | null;
  revertedAtMs: number | null;
  error?: string;
}

export interface Observation {
  /** ms since t = 0 */
  tMs: number;
  service: string;
  /** The service answered its health endpoint. */
  up: boolean;
  /** Selected Prometheus samples, keyed `name{label="value",...}` with labels sorted. */
  metrics: Record<string, number>;
}

export type VerdictStatus = 'pass' | 'fail' | 'error';

export interface Verdict {
  /** Stable id, e.g. `threshold:http_req_duration{route:catalog}:p(99)<150`. */
  id: string;
  kind: string;
  /** What was checked, as the user wrote it. */
  name: string;
  status: VerdictStatus;
  /** The measured value, in `unit`; null when it could not be measured. */
  measured: number | null;
  unit: string;
  /** The limit as written, e.g. `< 150`. */
  limit: string;
  phase?: string;
  /** Why: the seconds, transitions or error it was decided on. */
  evidence: string;
}
