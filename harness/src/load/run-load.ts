import type { LatencyHistogram, RouteSecond } from '../results/index.js';
import type { RouteSpec } from '../scenario/index.js';
import { ClosedLoopDriver } from './closed-loop-driver.js';
import type { LoadDriver, RunOwner } from './load-driver.js';
import { isClosedModel } from './route-model.js';
import { RequestEncoder } from './request-encoder.js';
import { RouteDriver } from './route-driver.js';
import { scheduleOf } from './schedule.js';
import { BLOCK_BELOW_MS, SPIN_BELOW_MS, WakeTimer } from './wake-timer.js';

/** How to drive one load run. */
export interface LoadOptions {
  /** The mesh's entry service, e.g. `http://127.0.0.1:41234`; a path prefix is kept. */
  baseUrl: string;
  routes: RouteSpec[];
  /**
   * performance.now() at which measurement starts (t = 0). Warm-up runs from t0 - warmupMs, is
   * sent the same way, and is not recorded. Warm-up requests already past due when the run
   * starts are skipped; measured requests never are.
   */
  t0: number;
  warmupMs: number;
  durationMs: number;
  /**
   * Stops early: no more requests are sent, requests in flight get up to `abortGraceMs` to end,
   * and the seconds up to and including the one in which the signal fired are returned (none if
   * it had fired before the run began).
   */
  signal?: AbortSignal;
  /** ms; default 1000. Requests still in flight after it are cancelled and not counted as ok or failed. */
  abortGraceMs?: number;
  /** Connections of each route's pool unless the route sets `maxConnections`; default 256. */
  maxConnections?: number;
  /** Seeds `{{uuid}}`, `{{random_id}}` and `{{pick}}` in request templates (the scenario's seed); default 0. */
  seed?: number;
  /** Called with every route's entry for second t, in order of t, as each second closes. */
  onSecond?: (seconds: RouteSecond[]) => void;
  /** If given, receives each measured (not warm-up) request's send error (actual send time minus due time) in µs. */
  sendErrors?: LatencyHistogram;
}

const DEFAULT_MAX_CONNECTIONS = 256;
const DEFAULT_ABORT_GRACE_MS = 1000;
/**
 * req/s of all routes together above which the run neither spins while requests are in flight
 * nor sleeps the thread: there the spin window covers nearly all the time (a whole core), while
 * responses arrive about as often as sends are due and each read sends what has come due (`poke`).
 */
const SPIN_MAX_RATE = 1000 / SPIN_BELOW_MS;

/**
 * Drives every route and records, per route and per whole second of intended send time, counts
 * and latencies. Open-model routes (constant or ramping arrival rates) send each request when it
 * is due, whether or not earlier ones have answered, and measure latency from the due time — so a
 * stalled system cannot hide behind a slowed-down generator (no coordinated omission). A request
 * due while the route's `maxInFlight` requests are unanswered is dropped and counted in
 * `dropped` (`sent = offered - dropped`); below that cap, one waiting for a free connection
 * waits in the pool's queue and still counts from its due time. Closed-model routes
 * (`connections`) are driven by autocannon and measure from the actual send (docs/load.md).
 * Requests cancelled after an abort's grace count in `sent` only, so there `ok + failed` may be
 * less than `sent`.
 *
 * Resolves after every request has ended or timed out, ordered by route (as given) then t, with
 * one entry per route per second 0 .. ceil(durationMs / 1000) - 1 (fewer if stopped early).
 * Rejects if `onSecond` throws (after stopping everything).
 */
export function runLoad(opts: LoadOptions): Promise<RouteSecond[]> {
  try {
    validate(opts);
  } catch (err) {
    return Promise.reject(err);
  }
  return new LoadRun(opts).promise;
}

function validate(opts: LoadOptions): void {
  if (!(opts.durationMs >= 0) || !(opts.warmupMs >= 0)) {
    throw new RangeError(
      `load duration and warm-up must be >= 0 ms, got ${opts.durationMs} and ${opts.warmupMs}`,
    );
  }
  for (const r of opts.routes) {
    // Encodes one request: an unknown template variable or a header that cannot go on the wire
    // fails here, before anything is sent.
    new RequestEncoder(r, '', 'localhost', 0, false);
    // Validation has checked all of this; these guard callers of the load engine that build routes themselves.
    if (isClosedModel(r)) {
      if (!(r.connections >= 1 && Number.isInteger(r.connections))) {
        throw new RangeError(
          `route "${r.name}": connections must be a whole number >= 1, got ${r.connections}`,
        );
      }
      if (!(r.timeoutMs >= 1000)) {
        throw new RangeError(
          `route "${r.name}": a closed-model route needs a timeout of at least 1s, got ${r.timeoutMs} ms`,
        );
      }
      continue;
    }
    if (r.executor === 'ramping-arrival-rate') {
      scheduleOf(r);
      continue;
    }
    if (!(r.rate > 0) || !Number.isFinite(r.rate)) {
      throw new RangeError(
        `route "${r.name}": rate must be a positive number of requests per second, got ${r.rate}`,
      );
    }
  }
  for (const r of opts.routes) {
    if (!(r.timeoutMs > 0)) {
      throw new RangeError(`route "${r.name}": timeout must be positive, got ${r.timeoutMs} ms`);
    }
  }
  new URL(opts.baseUrl);
}

/** The one scheduler shared by all routes; one timer, re-armed for the next due time or deadline. */
class LoadRun implements RunOwner {
  readonly promise: Promise<RouteSecond[]>;
  private resolve!: (seconds: RouteSecond[]) => void;
  private reject!: (err: unknown) => void;
  private readonly drivers: LoadDriver[];
  private inFlight = 0;
  private emitted = 0;
  private readonly timer: WakeTimer;
  /** No closed-loop route: the run's own I/O is all counted in `inFlight`. */
  private readonly mayBlock: boolean;
  private graceEnd = Infinity;
  private ending = false;
  /** performance.now() of the earliest next send of any route. */
  private nextSend = 0;
  private sending = false;
  /** All routes together send below SPIN_MAX_RATE: worth spinning or sleeping for precision. */
  private slow = true;
  private readonly onAbort = (): void => this.stop(this.currentSecond());

  constructor(private readonly opts: LoadOptions) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const seconds = Math.ceil(opts.durationMs / 1000);
    const run = {
      t0: opts.t0,
      start: Math.max(opts.t0 - opts.warmupMs, Math.min(performance.now(), opts.t0)),
      durationMs: opts.durationMs,
      seconds,
      maxConnections: opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      seed: opts.seed ?? 0,
      owner: this,
      sendErrors: opts.sendErrors,
    };
    this.timer = new WakeTimer(this.tick, () => this.inFlight === 0);
    this.mayBlock = !opts.routes.some(isClosedModel);
    this.drivers = opts.routes.map((r) =>
      isClosedModel(r) ? new ClosedLoopDriver(r, opts.baseUrl, run) : new RouteDriver(r, opts.baseUrl, run),
    );
    if (opts.signal?.aborted) {
      this.stop(-1);
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.tick();
  }

  /**
   * An exchange ended: finish at once when it was the last one; when the next wake is close,
   * re-arm it, as an idle run can wait for it more precisely.
   */
  settled(): void {
    this.inFlight--;
    if (this.inFlight !== 0 || this.ending) return;
    if (this.drivers.every((d) => d.nextDue === Infinity)) this.arm(0);
    else if (this.mayBlock && this.slow && this.timer.armedFor - performance.now() < BLOCK_BELOW_MS)
      this.arm(this.timer.armedFor);
  }

  /**
   * A connection just read a response at `now`: sends whatever has come due meanwhile. Under
   * load, reads come far more often than a timer can fire (whole ms), so most requests go out
   * from here, on a clock read the read needed anyway, without spinning the event loop.
   */
  poke(now: number): void {
    if (now < this.nextSend || this.sending || this.ending) return;
    this.sending = true;
    try {
      let next = Infinity;
      for (const d of this.drivers) {
        this.inFlight += d.sendDue(now);
        next = Math.min(next, d.nextDue);
      }
      this.nextSend = next;
    } finally {
      this.sending = false;
    }
  }

  private readonly tick = (): void => {
    if (this.ending) return;
    const now = performance.now();
    try {
      let next = this.graceEnd;
      let nextSend = Infinity;
      let rate = 0;
      this.sending = true;
      for (const d of this.drivers) {
        this.inFlight += d.sendDue(now);
        nextSend = Math.min(nextSend, d.nextDue);
        next = Math.min(next, d.expire(now));
        rate += 1000 / d.gapMs;
      }
      this.slow = rate < SPIN_MAX_RATE;
      this.sending = false;
      this.nextSend = nextSend;
      if (now >= this.graceEnd) for (const d of this.drivers) d.cancelAll();
      for (const d of this.drivers) d.closeReady(now);
      this.emit();
      if (this.drivers.every((d) => d.finished)) void this.finish();
      else this.arm(Math.min(next, nextSend));
    } catch (err) {
      this.sending = false;
      void this.finish(err);
    }
  };

  private arm(at: number): void {
    const idle = this.inFlight === 0;
    this.timer.arm(at, { idle: idle && this.mayBlock && this.slow, spin: idle || this.slow });
  }

  private currentSecond(): number {
    const now = performance.now();
    return now < this.opts.t0 ? -1 : Math.floor((now - this.opts.t0) / 1000);
  }

  /** Sends nothing more; seconds after `lastSecond` are not reported. */
  private stop(lastSecond: number): void {
    const now = performance.now();
    for (const d of this.drivers) d.stop(lastSecond);
    this.graceEnd = now + (this.opts.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS);
    this.arm(now);
  }

  private emit(): void {
    const cb = this.opts.onSecond;
    for (;;) {
      const t = this.emitted;
      if (!this.drivers.every((d) => d.closed.length > t)) return;
      this.emitted++;
      if (cb) cb(this.drivers.map((d) => d.closed[t] as RouteSecond));
    }
  }

  private async finish(err?: unknown): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.timer.disarm();
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    for (const d of this.drivers) d.cancelAll();
    await Promise.allSettled(this.drivers.map((d) => d.destroy()));
    if (err !== undefined) this.reject(err);
    else this.resolve(this.drivers.flatMap((d) => d.closed));
  }
}
