import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { ResponseClassifier } from './response-classifier.js';
import type { Outcome, SecondRecorder } from './second-recorder.js';

/** Told when an exchange ends, however it ends. */
export interface ExchangeOwner {
  settled(): void;
}

const DEFAULT_CLASSIFIER = new ResponseClassifier({});

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
  private degraded = false;
  /** Body chunks, kept only when the classifier's rule reads the body. */
  private body: Buffer[] | null = null;
  private bodyBytes = 0;

  constructor(
    private readonly owner: ExchangeOwner,
    /** performance.now() at which the schedule wanted this request sent. */
    readonly due: number,
    readonly deadline: number,
    /** Null for warm-up requests, which are sent but not recorded. */
    private readonly recorder: SecondRecorder | null,
    private readonly classifier: ResponseClassifier = DEFAULT_CLASSIFIER,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // A request that timed out while still queued in the pool must never reach the wire.
    if (this.done) controller.abort(new Error('request timed out before it was sent'));
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers?: IncomingHttpHeaders): void {
    this.status = statusCode;
    if (statusCode < 200 || !this.recorder) return;
    if (this.classifier.needsBody) this.body = [];
    else if (headers) this.degraded = this.classifier.isDegraded(headers);
  }

  onResponseData(_controller?: Dispatcher.DispatchController, chunk?: Buffer): void {
    // The body is otherwise read and dropped so that the connection can be reused.
    if (!this.body || !chunk) return;
    this.bodyBytes += chunk.length;
    if (this.bodyBytes <= this.classifier.maxBodyBytes) this.body.push(chunk);
    else this.body = null;
  }

  onResponseEnd(): void {
    if (this.body) this.degraded = this.classifier.isDegraded({}, Buffer.concat(this.body));
    this.body = null;
    const s = this.status;
    const outcome = this.classifier.outcome(s);
    this.settle(outcome, performance.now(), s, outcome === 'ok' && this.degraded);
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

  private settle(outcome: Outcome, now: number, status: number, degraded = false): void {
    if (this.done) return;
    this.done = true;
    this.controller = null;
    this.body = null;
    const r = this.recorder;
    if (r) {
      r.record(outcome, now - this.due, status, degraded);
      r.pending--;
    }
    this.owner.settled();
  }
}
