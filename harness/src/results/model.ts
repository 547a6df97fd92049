import type { BreakerMetric } from './breaker-reading.js';
/**
 * The results.json model: everything a run recorded, and every verdict decided from it.
 * Every output (HTML, JUnit, Markdown, terminal) is a function of this value alone.
 *
 * Time: `t` and `...Ms` fields count from the start of measurement (the end of warm-up), so a
 * fault scheduled `at: 15s` is expected near `appliedAtMs: 15000`. Warm-up is not recorded.
 */
import type { FaultProof, FaultTypeName } from '../faults/index.js';
import type { Phase } from './phases.js';

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
  /**
   * Every metric name each service exposed during the run (observations keep only the families
   * checks read), so a misspelled name in a check can be answered with the nearest real one.
   */
  exposedMetrics?: Record<string, string[]>;
  /** Where each breaker check read its breaker's state, so the report charts what the checks judged. */
  breakers?: BreakerRead[];
  verdicts: Verdict[];
  outcome: Outcome;
  exitCode: number;
  /** Harness problems (not check failures), in the order they happened. */
  errors: string[];
  /** What a person should know that does not change the outcome (a service reachable beyond loopback). */
  warnings?: string[];
  /** How far each fault reached: every route's p99 and error rate during each fault vs baseline. */
  blastRadius?: BlastRadius;
  /** The harness's own measurement quality during the run; judged by the `instrument` verdicts. */
  instrument?: InstrumentReadings;
  /** The samples of each `checks.probes` entry; judged by the `probe` verdicts. */
  probes?: ProbeSeries[];
}

/** The samples one probe took, in time order. */
export interface ProbeSeries {
  name: string;
  /** What was probed: `GET <url>` or the command. */
  target: string;
  samples: ProbeSample[];
}

/** One sample of a probe, as results.json keeps it (`probes[].samples`). */
export interface ProbeSample {
  /** ms since t = 0, when the sample was started. */
  tMs: number;
  /** ms the request or command took. */
  ms: number;
  status?: number;
  exit?: number;
  /** The parsed JSON body, when the expectation reads one (kept small: see the sampler). */
  body?: unknown;
  /** Why there is no answer: a refused connection, a timeout, a command that could not start. */
  error?: string;
}

/**
 * How well the harness could measure: each figure over the measured part of the run; null where
 * the platform or the OS does not show it.
 */
export interface InstrumentReadings {
  /** ms: 99th percentile of how late requests left against their schedule (open-model routes). */
  sendLagP99Ms: number | null;
  /** ms: 99th percentile of the runner's event-loop delay, beyond the probe's own interval. */
  runnerLoopDelayP99Ms: number | null;
  /** ms: the same for the embedded proxy's process; null when the proxy is not faultline's own. */
  proxyLoopDelayP99Ms: number | null;
  /** The highest 1-minute load average seen, divided by the number of cores. */
  loadPerCore: number | null;
  /**
   * Processes ready to run, on average over the run, per core (Linux `procs_running`, sampled
   * every 250 ms): past a few, the services under test are starved of CPU by others.
   */
  runnablePerCore?: number | null;
  /** Share of CPU time stolen by the hypervisor (Linux /proc/stat). */
  stealShare: number | null;
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
  /** This run's place among the repetitions of `run --repeat N`; absent for a single run. */
  repetition?: { index: number; of: number };
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
  /** The fault's YAML `type`; each has its own file in the faults module. */
  type: FaultTypeName;
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
  /** What the runner saw of the fault's effect; judged by the `effect` verdicts. */
  effect?: FaultEffectEvidence;
}

/**
 * Evidence that a fault took effect, gathered by the runner around the fault: a canary request
 * through the faulted edge (or to the crashed service) just before and right after applying it,
 * and the bytes the edge's proxy carried during the fault.
 */
export interface FaultEffectEvidence {
  canaryBefore?: CanaryResult;
  canaryAfter?: CanaryResult;
  traffic?: EdgeTraffic;
  /** An HTTP fault's own toxic counters, read from the proxy server just before the revert. */
  proxyCounters?: ProxyCounters;
  /** Why some evidence is missing (the proxy could not be asked, …). */
  notes?: string[];
  /** The fault's own check of its effect (a `command` fault's `verify`), judged instead of the canaries. */
  proof?: FaultProof;
}

/** One canary: a fresh TCP connection and `GET <health path>`, timed. */
export interface CanaryResult {
  /** `answered`: a status line came back; `timeout`: nothing within `boundMs`; `refused`: the
   * connection was refused; `closed`: it was closed or reset before any answer. */
  outcome: 'answered' | 'timeout' | 'refused' | 'closed' | 'error';
  /** ms from connecting to the first byte of the answer (or to giving up). */
  ms: number;
  /** ms the canary waited at most. */
  boundMs: number;
  status?: number;
  /** `host:port` it connected to. */
  address: string;
  /** Bytes the canary wrote (its request), so they can be told apart from the load's traffic. */
  bytesWritten?: number;
  error?: string;
}

/**
 * What an HTTP fault's toxic counted over its life (`faultline_http_toxic_*` on the proxy's
 * /metrics): the requests that met its match and those it acted on.
 */
export interface ProxyCounters {
  proxy: string;
  toxic: string;
  matched: number;
  /** Requests it acted on, of which `canary` were the harness's own matching canary. */
  acted: number;
  /** What acting means for this toxic: `answered`, `delayed` or `aborted`. */
  action: string;
  canary: number;
}

/** Bytes that crossed the proxies of the faulted edge(s), by the proxy's own counters. */
export interface EdgeTraffic {
  /** Proxy names summed. */
  proxies: string[];
  /** Bytes the proxies received from callers, from their creation (warm-up included) up to the fault. */
  bytesBefore: number;
  /** Bytes the proxies received from callers between the fault taking effect and its revert. */
  bytesDuring: number;
}

/**
 * The blast-radius matrix: for each fault that took effect and each route, p99 and error rate
 * over the seconds overlapping the fault's window against the baseline (the seconds before the
 * first fault), and the differences. Computed for every run.
 */
export interface BlastRadius {
  /** Route names, in the scenario's order. */
  routes: string[];
  /** Each route over the baseline phase; stats are null when there was no baseline traffic. */
  baseline: Record<string, WindowStats>;
  /** One row per fault that took effect, in the scenario's order. */
  faults: BlastRadiusRow[];
}

export interface BlastRadiusRow {
  fault: string;
  /** The window judged, ms since t = 0. */
  startMs: number;
  endMs: number;
  cells: BlastRadiusCell[];
}

/** One route during one fault. Deltas are `during - baseline`, null when either side is. */
export interface BlastRadiusCell {
  route: string;
  during: WindowStats;
  /** ms */
  deltaP99Ms: number | null;
  /** fraction, e.g. 0.25 for 25 percentage points more failures */
  deltaErrorRate: number | null;
}

/** A route's traffic over a window of seconds. */
export interface WindowStats {
  /** Completed requests (ok + failed). */
  requests: number;
  failed: number;
  /** ms; null without completed requests. */
  p99Ms: number | null;
  /** failed / requests; null without completed requests. */
  errorRate: number | null;
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

/** What a verdict judged; JUnit's classname. */
export type VerdictKind =
  | 'threshold'
  | 'abort'
  | 'steady-state'
  | 'instrument'
  | 'effect'
  | 'effect-traffic'
  | 'breaker-open'
  | 'breaker-close'
  | 'breaker-fail-fast'
  | 'recovery'
  | 'isolation'
  | 'metric'
  | 'probe';

/** The window a verdict was judged over: a phase, the whole run, or one fault's window. */
export type VerdictPhase = Phase | 'run' | `fault "${string}"`;

export interface Verdict {
  /** Stable id, e.g. `threshold:http_req_duration{route:catalog}:p(99)<150`. */
  id: string;
  kind: VerdictKind;
  /** What was checked, as the user wrote it. */
  name: string;
  status: VerdictStatus;
  /** The measured value, in `unit`; null when it could not be measured. */
  measured: number | null;
  unit: string;
  /** The limit as written, e.g. `< 150`. */
  limit: string;
  phase?: VerdictPhase;
  /** Why: the seconds, transitions or error it was decided on. */
  evidence: string;
}

/** A breaker a check watched: `service`'s breaker on calls to `upstream`, read through `metric`. */
export interface BreakerRead {
  service: string;
  upstream: string;
  metric: BreakerMetric;
}
