import type { RouteSecond } from '../results/index.js';
import type { OpenRoute } from '../scenario/index.js';
import { ConnectionPool } from './connection-pool.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import type { LoadDriver, RouteRun } from './load-driver.js';
import { RequestEncoder } from './request-encoder.js';
import { ResponseClassifier } from './response-classifier.js';
import { scheduleOf, type Schedule } from './schedule.js';
import { SecondRecorder } from './second-recorder.js';

const EMPTY = Buffer.alloc(0);

/** Requests one open-model route may have in flight unless it sets `max_in_flight`. */
export const DEFAULT_MAX_IN_FLIGHT = 1000;

/**
 * Sends one open-model route's requests on its schedule through its own connection pool, times them out,
 * and closes its seconds in order once every request of a second has ended. A request due while
 * `maxInFlight` requests are unanswered is dropped and counted, never queued or skipped silently;
 * below the cap, a request waiting for one of `maxConnections` connections waits in the pool's
 * queue and still counts from its due time.
 */
export class RouteDriver implements LoadDriver, ExchangeOwner {
  private readonly schedule: Schedule;
  private readonly pool: ConnectionPool;
  private readonly encoder: RequestEncoder;
  private readonly classifier: ResponseClassifier;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private nextIndex: number;
  /** performance.now() at which `nextIndex` is due; Infinity once sending has stopped. */
  nextDue: number;
  gapMs = Infinity;
  private head: Exchange | null = null;
  private tail: Exchange | null = null;
  private readonly recorders: (SecondRecorder | undefined)[] = [];
  readonly closed: RouteSecond[] = [];
  /** Seconds from here on are not reported (the run was stopped). */
  private lastSecond: number;

  constructor(
    private readonly spec: OpenRoute,
    baseUrl: string,
    private readonly run: RouteRun,
  ) {
    this.schedule = scheduleOf(spec);
    this.timeoutMs = spec.timeoutMs;
    this.maxInFlight = spec.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.classifier = new ResponseClassifier(spec);
    const url = new URL(baseUrl);
    const tls = url.protocol === 'https:';
    const fresh = spec.newConnectionPerRequest === true;
    this.encoder = new RequestEncoder(spec, url.pathname.replace(/\/+$/, ''), url.host, run.seed, fresh);
    this.pool = new ConnectionPool(
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(url.port || (tls ? 443 : 80)),
        tls,
        reusable: !fresh,
        headRequests: this.encoder.method === 'HEAD',
        collectHeaders: this.classifier.needsHeaders,
        passBody: this.classifier.needsBody,
      },
      spec.maxConnections ?? run.maxConnections,
      (now) => run.owner.poke(now),
    );
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
      this.gapMs = this.nextDue - due;
      if (recorder) recorder.offered++;
      if (this.inFlight >= this.maxInFlight) {
        if (recorder) recorder.dropped++;
        continue;
      }
      if (recorder) {
        recorder.sent++;
        recorder.pending++;
        if (this.pool.open > recorder.connections) recorder.connections = this.pool.open;
      }
      let request: Buffer | null = null;
      try {
        request = this.encoder.next();
      } catch {
        // A filled-in value that cannot go on the wire: this request fails, the run goes on.
      }
      const ex = new Exchange(this, due, due + this.timeoutMs, recorder, this.classifier, request ?? EMPTY);
      if (this.tail) this.tail.next = ex;
      else this.head = ex;
      this.tail = ex;
      if (recorder) run.sendErrors?.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
      this.inFlight++;
      n++;
      if (request) this.pool.dispatch(ex, now);
      else ex.onError(now);
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
    this.nextDue = this.gapMs = Infinity;
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
