import { Pool, type Dispatcher } from 'undici';
import type { LatencyHistogram, RouteSecond } from '../results/index.js';
import type { RouteSpec } from '../scenario/index.js';
import { ArrivalSchedule } from './arrival-schedule.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import { SecondRecorder } from './second-recorder.js';

/** What a route needs to know about the run it is part of. */
export interface RouteRun {
  /** performance.now() of t = 0. */
  t0: number;
  /** performance.now() of the first warm-up request (not before t0 - warmupMs). */
  start: number;
  durationMs: number;
  /** Whole seconds of measurement: 0 .. seconds - 1. */
  seconds: number;
  maxConnections: number;
  owner: ExchangeOwner;
  sendErrors?: LatencyHistogram;
}

/**
 * Sends one route's requests on its schedule through its own pool, times them out, and closes
 * its seconds in order once every request of a second has ended.
 */
export class RouteDriver {
  private readonly schedule: ArrivalSchedule;
  private readonly pool: Pool;
  private readonly request: Dispatcher.DispatchOptions;
  private readonly timeoutMs: number;
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
    this.schedule = new ArrivalSchedule(spec.rate);
    this.timeoutMs = spec.timeoutMs;
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, {
      connections: run.maxConnections,
      pipelining: 1,
      // The route's own deadline governs; undici's timers would only count from the actual send.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.request = requestOptions(spec, url.pathname.replace(/\/+$/, ''));
    this.nextIndex = this.schedule.firstIndexFrom(run.start - run.t0);
    this.nextDue = this.dueOf(this.nextIndex);
    this.lastSecond = run.seconds - 1;
  }

  /** Dispatches every request due by `now`; returns how many it sent. */
  sendDue(now: number): number {
    let n = 0;
    const { run, schedule } = this;
    while (this.nextDue <= now) {
      const i = this.nextIndex;
      const due = this.nextDue;
      const recorder = i >= 0 ? this.recorderFor(schedule.secondOf(i)) : null;
      if (recorder) {
        recorder.offered++;
        recorder.sent++;
        recorder.pending++;
      }
      const ex = new Exchange(run.owner, due, due + this.timeoutMs, recorder);
      if (this.tail) this.tail.next = ex;
      else this.head = ex;
      this.tail = ex;
      run.sendErrors?.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
      this.pool.dispatch(this.request, ex);
      n++;
      this.nextIndex = i + 1;
      this.nextDue = this.dueOf(i + 1);
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

  /** Stops sending; seconds after `lastSecond` are dropped from the result. */
  stop(lastSecond: number): void {
    this.nextDue = Infinity;
    this.lastSecond = Math.min(this.lastSecond, lastSecond);
  }

  /** Ends every request still in flight without recording it. */
  cancelAll(): void {
    for (let ex = this.head; ex; ex = ex.next) ex.cancel();
    this.head = this.tail = null;
  }

  /** Closes, in order, each second that can receive no more requests and has none in flight. */
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

  /** Whether every second that will be reported is closed. */
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

function requestOptions(spec: RouteSpec, prefix: string): Dispatcher.DispatchOptions {
  const headers: Record<string, string> = { ...spec.headers };
  let body: Buffer | undefined;
  if (typeof spec.body === 'string') body = Buffer.from(spec.body);
  else if (spec.body !== undefined && spec.body !== null) {
    body = Buffer.from(JSON.stringify(spec.body));
    const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
    if (!hasType) headers['content-type'] = 'application/json';
  }
  return { method: spec.method.toUpperCase(), path: prefix + spec.path, headers, body };
}
