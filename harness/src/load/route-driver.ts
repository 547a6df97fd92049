import { Pool, type Dispatcher } from 'undici';
import type { RouteSecond } from '../results/index.js';
import type { RouteSpec } from '../scenario/index.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import type { LoadDriver, RouteRun } from './load-driver.js';
import { RequestTemplate } from './request-template.js';
import { ResponseClassifier } from './response-classifier.js';
import { scheduleOf, type Schedule } from './schedule.js';
import { SecondRecorder } from './second-recorder.js';

/** Requests one open-model route may have in flight unless it sets `max_in_flight`. */
export const DEFAULT_MAX_IN_FLIGHT = 1000;

/**
 * Sends one open-model route's requests on its schedule through its own pool, times them out,
 * and closes its seconds in order once every request of a second has ended. A request due while
 * `maxInFlight` requests are unanswered is dropped and counted, never queued or skipped silently;
 * below the cap, a request waiting for one of `maxConnections` connections waits in the pool's
 * queue and still counts from its due time.
 */
export class RouteDriver implements LoadDriver, ExchangeOwner {
  private readonly schedule: Schedule;
  private readonly pool: Pool;
  private readonly template: RequestTemplate;
  private readonly request: Dispatcher.DispatchOptions;
  private readonly classifier: ResponseClassifier;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private openConnections = 0;
  private nextIndex: number;
  /** performance.now() at which `nextIndex` is due; Infinity once sending has stopped. */
  nextDue: number;
  private head: Exchange | null = null;
  private tail: Exchange | null = null;
  private readonly recorders: (SecondRecorder | undefined)[] = [];
  readonly closed: RouteSecond[] = [];
  /** Seconds from here on are not reported (the run was stopped). */
  private lastSecond: number;

  constructor(
    private readonly spec: RouteSpec,
    baseUrl: string,
    private readonly run: RouteRun,
  ) {
    this.schedule = scheduleOf(spec);
    this.timeoutMs = spec.timeoutMs;
    this.maxInFlight = spec.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.classifier = new ResponseClassifier(spec);
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, {
      connections: spec.maxConnections ?? run.maxConnections,
      pipelining: 1,
      // The route's own deadline governs; undici's timers would only count from the actual send.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.pool.on('connect', () => this.openConnections++);
    this.pool.on('disconnect', () => this.openConnections--);
    this.template = new RequestTemplate(spec, url.pathname.replace(/\/+$/, ''), run.seed);
    // `reset` sends `connection: close` and closes the socket after the response.
    this.request = { method: this.template.method, path: '/', reset: spec.newConnectionPerRequest === true };
    this.nextIndex = this.schedule.firstIndexFrom(run.start - run.t0);
    this.nextDue = this.dueOf(this.nextIndex);
    this.lastSecond = run.seconds - 1;
  }

  /** An exchange of this route ended. */
  settled(): void {
    this.inFlight--;
    this.run.owner.settled();
  }

  /** Dispatches every request due by `now`; returns how many it sent. */
  sendDue(now: number): number {
    let n = 0;
    const { run, schedule } = this;
    while (this.nextDue <= now) {
      const i = this.nextIndex;
      const due = this.nextDue;
      const recorder = i >= 0 ? this.recorderFor(schedule.secondOf(i)) : null;
      this.nextIndex = i + 1;
      this.nextDue = this.dueOf(i + 1);
      if (recorder) recorder.offered++;
      if (this.inFlight >= this.maxInFlight) {
        if (recorder) recorder.dropped++;
        continue;
      }
      if (recorder) {
        recorder.sent++;
        recorder.pending++;
        recorder.connections = Math.max(recorder.connections, this.openConnections);
      }
      const ex = new Exchange(this, due, due + this.timeoutMs, recorder, this.classifier);
      if (this.tail) this.tail.next = ex;
      else this.head = ex;
      this.tail = ex;
      run.sendErrors?.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
      const parts = this.template.next();
      this.inFlight++;
      this.pool.dispatch({ ...this.request, ...parts }, ex);
      n++;
    }
    return n;
  }

  /** Times out requests whose deadline has passed; returns the next deadline (or Infinity). */
  expire(now: number): number {
    let ex = this.head;
    while (ex && (ex.done || ex.deadline <= now)) {
      ex.timeOut(now);
      ex = ex.next;
    }
    this.head = ex;
    if (!ex) this.tail = null;
    return ex ? ex.deadline : Infinity;
  }

  stop(lastSecond: number): void {
    this.nextDue = Infinity;
    this.lastSecond = Math.min(this.lastSecond, lastSecond);
  }

  cancelAll(): void {
    for (let ex = this.head; ex; ex = ex.next) ex.cancel();
    this.head = this.tail = null;
  }

  closeReady(): void {
    const sending =
      this.nextDue !== Infinity
        ? Math.min(this.schedule.secondOf(this.nextIndex), this.run.seconds - 1)
        : Infinity;
    for (let t = this.closed.length; t <= this.lastSecond && t < sending; t++) {
      const r = this.recorders[t];
      if (r && r.pending > 0) return;
      this.closed.push((r ?? new SecondRecorder(this.spec.name, t)).close());
      this.recorders[t] = undefined;
    }
  }

  get finished(): boolean {
    return this.closed.length > this.lastSecond;
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }

  private dueOf(i: number): number {
    const offset = this.schedule.offsetMs(i);
    return offset < this.run.durationMs ? this.run.t0 + offset : Infinity;
  }

  private recorderFor(t: number): SecondRecorder {
    // A float boundary may put the very last request one second too far; keep it in range.
    const s = Math.min(t, this.run.seconds - 1);
    return (this.recorders[s] ??= new SecondRecorder(this.spec.name, s));
  }
}
