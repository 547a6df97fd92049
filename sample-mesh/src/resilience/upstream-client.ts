import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  fullJitterGenerator,
  handleAll,
  handleWhen,
  retry,
  timeout,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { setMaxListeners } from 'node:events';
import { request, type Dispatcher } from 'undici';
import { createLogThrottle, type Logger } from '../runtime/logger.js';
import { BreakerGauge, type MeshMetrics } from '../runtime/mesh-metrics.js';
import type { PolicySwitches } from '../runtime/settings.js';
import { createRetryBudget, unlimitedRetryBudget, type RetryBudget } from './retry-budget.js';
import {
  ServerErrorResponse,
  UpstreamError,
  type UpstreamFailure,
  type UpstreamResponse,
} from './upstream-error.js';
import type { RetryBudgetSettings, UpstreamSettings } from './upstream-settings.js';

/**
 * The request header naming the load route a request serves: the gateway and orders pass it on
 * to every upstream call made for that request, so a fault can match one route's calls.
 */
export const ROUTE_HEADER = 'x-faultline-route';

/** What half-open trials ask the upstream for. */
const PROBE_PATH = '/healthz';

/** One request to an upstream. */
export interface UpstreamCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sent as `traceparent`: the caller's span becomes the parent. */
  traceparent?: string;
  /** Marks a POST as safe to retry; sent as `Idempotency-Key`. GETs are always retried. */
  idempotencyKey?: string;
  /** Sent as {@link ROUTE_HEADER}: the load route the incoming request came from. */
  route?: string | undefined;
}

export interface UpstreamClientOptions {
  name: string;
  baseUrl: string;
  settings: UpstreamSettings;
  budget: RetryBudgetSettings;
  switches: PolicySwitches;
  metrics: MeshMetrics;
  logger: Logger;
  dispatcher: Dispatcher;
}

const STATE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: BreakerGauge.closed,
  [CircuitState.Open]: BreakerGauge.open,
  [CircuitState.HalfOpen]: BreakerGauge.halfOpen,
  [CircuitState.Isolated]: BreakerGauge.open,
};

/**
 * Calls one upstream through cockatiel policies, outermost first:
 * bulkhead (whole call) → retry with budget (idempotent calls) → circuit breaker → timeout (per attempt).
 * Every failure surfaces as an `UpstreamError`; responses below 500 are returned as they are.
 */
export class UpstreamClient {
  readonly name: string;
  private readonly baseUrl: string;
  private readonly breaker?: CircuitBreakerPolicy;
  private readonly timeoutPolicy?: TimeoutPolicy;
  private readonly retryPolicy?: RetryPolicy;
  private readonly bulkheadPolicy?: BulkheadPolicy;
  private readonly budget: RetryBudget;
  private readonly throttle = createLogThrottle(5000);
  // Aborted whenever the breaker opens: calls still waiting on a dependency just declared broken
  // are failed fast instead of each sitting out its own timeout.
  private generation = newGeneration();
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: UpstreamClientOptions) {
    const { name, settings: s, switches, metrics } = opts;
    this.name = name;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    const labels = { upstream: name };
    metrics.upstreamCalls.inc(labels, 0);
    metrics.retries.inc(labels, 0);
    metrics.retryBudgetExhausted.inc(labels, 0);
    metrics.bulkheadRejections.inc(labels, 0);
    metrics.breakerState.set(labels, BreakerGauge.closed);

    this.budget = switches.retryBudget ? createRetryBudget(opts.budget) : unlimitedRetryBudget;
    if (switches.timeout) this.timeoutPolicy = timeout(s.timeoutMs, TimeoutStrategy.Aggressive);
    if (switches.bulkhead) this.bulkheadPolicy = bulkhead(s.bulkheadLimit, s.bulkheadQueue);
    if (s.retries > 0) {
      this.retryPolicy = retry(
        handleWhen((err) => this.shouldRetry(err)),
        {
          maxAttempts: s.retries,
          backoff: new ExponentialBackoff({
            generator: fullJitterGenerator,
            initialDelay: s.retryBaseMs,
            maxDelay: s.retryMaxMs,
          }),
        },
      );
      this.retryPolicy.onRetry(() => metrics.retries.inc(labels));
    }
    if (switches.breaker) {
      const breaker = circuitBreaker(handleAll, {
        halfOpenAfter: s.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(s.breakerFailures),
      });
      breaker.onStateChange((state) => {
        metrics.breakerState.set(labels, STATE_VALUE[state]);
        opts.logger.info('circuit breaker state changed', { upstream: name, state: CircuitState[state] });
      });
      breaker.onBreak(() => {
        this.abortInFlight();
        this.scheduleProbe();
      });
      this.breaker = breaker;
    }
  }

  /** The breaker's state as the `circuit_breaker_state` gauge shows it (closed when there is no breaker). */
  get breakerState(): number {
    return this.breaker ? STATE_VALUE[this.breaker.state] : BreakerGauge.closed;
  }

  async call(c: UpstreamCall): Promise<UpstreamResponse> {
    this.budget.recordCall();
    this.opts.metrics.upstreamCalls.inc({ upstream: this.name });
    const idempotent = c.method === 'GET' || c.idempotencyKey !== undefined;
    const run = (): Promise<UpstreamResponse> =>
      idempotent && this.retryPolicy
        ? this.retryPolicy.execute(({ attempt }) => this.attempt(c, attempt))
        : this.attempt(c, 0);
    if (!this.bulkheadPolicy) return run();
    try {
      return await this.bulkheadPolicy.execute(run);
    } catch (err) {
      if (!(err instanceof BulkheadRejectedError)) throw err;
      this.opts.metrics.bulkheadRejections.inc({ upstream: this.name });
      this.count('bulkhead_rejected');
      throw this.fail(new UpstreamError(this.name, 'bulkhead_rejected', 0, undefined, { cause: err }));
    }
  }

  /** Fails calls still in flight. */
  abortInFlight(): void {
    this.generation.abort();
    this.generation = newGeneration();
  }

  /** Stops the trial timer and fails calls in flight (on shutdown). */
  close(): void {
    clearTimeout(this.probeTimer);
    this.abortInFlight();
  }

  /**
   * Half-open trials are made by the client itself with `GET /healthz` over the same edge, so no
   * customer request waits on a trial, and the breaker leaves the open state on time even
   * without traffic. The trial's outcome moves cockatiel's breaker to closed or back to open.
   */
  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    // +10 ms: cockatiel still refuses a call made exactly at openedAt + halfOpenAfter.
    this.probeTimer = setTimeout(() => void this.probe(), this.opts.settings.halfOpenAfterMs + 10);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    const breaker = this.breaker;
    if (!breaker || breaker.state !== CircuitState.Open) return;
    const signal = AbortSignal.timeout(this.opts.settings.timeoutMs);
    try {
      await breaker.execute(() => this.send({ method: 'GET', path: PROBE_PATH }, signal));
    } catch (err) {
      // Refused because the open period had not quite ended: try again shortly.
      if (err instanceof BrokenCircuitError) {
        this.probeTimer = setTimeout(() => void this.probe(), 50);
        this.probeTimer.unref();
      }
      // Any other failure reopened the breaker, and onBreak scheduled the next trial.
    }
  }

  private async attempt(c: UpstreamCall, attempt: number): Promise<UpstreamResponse> {
    const gen = this.generation;
    const started = performance.now();
    let settled = false;
    let cancelled = false;
    const onAbort = (): void => {
      if (!settled) cancelled = true;
    };
    gen.signal.addEventListener('abort', onAbort, { once: true });
    const guarded = (): Promise<UpstreamResponse> => {
      const p = this.timeoutPolicy
        ? this.timeoutPolicy.execute((_ctx, signal) => this.send(c, signal), gen.signal)
        : this.send(c, gen.signal);
      return p.finally(() => {
        settled = true;
      });
    };
    try {
      let res: UpstreamResponse;
      if (this.breaker) {
        // Only the client's own trial may move the breaker out of open, and cockatiel would queue
        // callers behind a half-open trial: fail them fast instead.
        if (this.breaker.state !== CircuitState.Closed) throw new BrokenCircuitError();
        res = await this.breaker.execute(guarded);
      } else {
        res = await guarded();
      }
      this.observe(started);
      this.count('success');
      return res;
    } catch (err) {
      const failure = cancelled ? 'cancelled' : classify(err);
      if (failure !== 'short_circuited') this.observe(started);
      this.count(failure);
      throw this.fail(
        new UpstreamError(
          this.name,
          failure,
          attempt,
          err instanceof ServerErrorResponse ? err.response : undefined,
          { cause: err },
        ),
      );
    } finally {
      gen.signal.removeEventListener('abort', onAbort);
    }
  }

  private async send(c: UpstreamCall, signal: AbortSignal): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.traceparent) headers['traceparent'] = c.traceparent;
    if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
    if (c.route) headers[ROUTE_HEADER] = c.route;
    let body: string | undefined;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] = 'application/json';
    }
    const res = await request(this.baseUrl + c.path, {
      method: c.method,
      headers,
      body,
      signal,
      dispatcher: this.opts.dispatcher,
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    if (String(res.headers['content-type'] ?? '').includes('json') && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // an unparsable body stays text
      }
    }
    const response: UpstreamResponse = { status: res.statusCode, headers: res.headers, body: parsed };
    if (res.statusCode >= 500) throw new ServerErrorResponse(response);
    return response;
  }

  private shouldRetry(err: Error): boolean {
    if (!(err instanceof UpstreamError) || !err.retryable || err.attempt >= this.opts.settings.retries)
      return false;
    if (this.budget.tryAcquireRetry()) return true;
    this.opts.metrics.retryBudgetExhausted.inc({ upstream: this.name });
    return false;
  }

  private observe(started: number): void {
    this.opts.metrics.upstreamDuration.observe({ upstream: this.name }, (performance.now() - started) / 1000);
  }

  private count(outcome: 'success' | UpstreamFailure): void {
    this.opts.metrics.upstreamRequests.inc({ upstream: this.name, outcome });
  }

  private fail(err: UpstreamError): UpstreamError {
    const t = this.throttle(`${err.failure}`);
    if (t.log)
      this.opts.logger.warn('upstream call failed', {
        upstream: this.name,
        failure: err.failure,
        suppressed: t.suppressed,
      });
    return err;
  }
}

/** One listener per call in flight is expected, so Node's leak warning does not apply. */
function newGeneration(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

function classify(err: unknown): UpstreamFailure {
  if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) return 'short_circuited';
  if (err instanceof TaskCancelledError) return 'timeout';
  if (err instanceof ServerErrorResponse) return 'server_error';
  return 'network_error';
}
