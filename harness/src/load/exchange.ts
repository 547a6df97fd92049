import type { Dispatcher } from 'undici';
import type { Outcome, SecondRecorder } from './second-recorder.js';

/** Told when an exchange ends, however it ends. */
export interface ExchangeOwner {
  settled(): void;
}

/**
 * One request and its response: the undici dispatch handler, and a link in its route's list of
 * requests in flight, which is ordered by deadline because every request of a route has the same
 * timeout. One object per request and no closures, to keep the per-request cost small.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  /** Next exchange of the same route in dispatch (and deadline) order. */
  next: Exchange | null = null;
  done = false;
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;

  constructor(
    private readonly owner: ExchangeOwner,
    /** performance.now() at which the schedule wanted this request sent. */
    readonly due: number,
    readonly deadline: number,
    /** Null for warm-up requests, which are sent but not recorded. */
    private readonly recorder: SecondRecorder | null,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // A request that timed out while still queued in the pool must never reach the wire.
    if (this.done) controller.abort(new Error('request timed out before it was sent'));
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {
    // The body is read and dropped so that the connection can be reused.
  }

  onResponseEnd(): void {
    const s = this.status;
    this.settle(s >= 500 ? 'http5xx' : s >= 400 ? 'http4xx' : 'ok', performance.now(), s);
  }

  onResponseError(): void {
    this.settle('connection', performance.now(), 0);
  }

  /** The deadline passed: count a timeout and cut the request off. */
  timeOut(now: number): void {
    if (this.done) return;
    const c = this.controller;
    this.settle('timeout', now, 0);
    c?.abort(new Error('request timed out'));
  }

  /** Ends the request without recording it (the run was stopped). */
  cancel(): void {
    if (this.done) return;
    const c = this.controller;
    this.done = true;
    this.controller = null;
    if (this.recorder) this.recorder.pending--;
    this.owner.settled();
    c?.abort(new Error('load run stopped'));
  }

  private settle(outcome: Outcome, now: number, status: number): void {
    if (this.done) return;
    this.done = true;
    this.controller = null;
    const r = this.recorder;
    if (r) {
      r.record(outcome, now - this.due, status);
      r.pending--;
    }
    this.owner.settled();
  }
}
