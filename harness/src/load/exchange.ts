import { ResponseClassifier } from './response-classifier.js';
import type { Outcome, SecondRecorder } from './second-recorder.js';

/** Told when an exchange ends, however it ends. */
export interface ExchangeOwner {
  settled(): void;
}

/** What carries an exchange's request (a connection): told when the exchange ended early. */
export interface ExchangeCarrier {
  /** The exchange timed out or was cancelled: its response, if one still comes, is unwanted. */
  abandon(ex: Exchange): void;
}

const DEFAULT_CLASSIFIER = new ResponseClassifier({});

/**
 * One request and its response: what a connection reports to, and a link in its route's list of
 * requests in flight, which is ordered by deadline because every request of a route has the same
 * timeout. One object per request and no closures, to keep the per-request cost small.
 */
export class Exchange {
  /** Next exchange of the same route in dispatch (and deadline) order. */
  next: Exchange | null = null;
  /** Next exchange waiting in the pool's queue for a connection. */
  nextWaiting: Exchange | null = null;
  done = false;
  /** The connection carrying the request, once one took it. */
  carrier: ExchangeCarrier | null = null;
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
    /** The request's bytes on the wire. */
    readonly request: Buffer = Buffer.alloc(0),
  ) {}

  /** A final response's head arrived; `headers` only when the classifier reads headers. */
  onHead(status: number, headers: Record<string, string> | null): void {
    this.status = status;
    if (!this.recorder) return;
    if (this.classifier.needsBody) this.body = [];
    else if (headers) this.degraded = this.classifier.isDegraded(headers);
  }

  /** Body bytes, valid only during the call; read only when the classifier's rule reads the body. */
  onBody(chunk: Buffer): void {
    if (!this.body) return;
    this.bodyBytes += chunk.length;
    if (this.bodyBytes <= this.classifier.maxBodyBytes) this.body.push(Buffer.from(chunk));
    else this.body = null;
  }

  /** The response ended at `now` (performance.now()). */
  onEnd(now: number): void {
    if (this.body) this.degraded = this.classifier.isDegraded({}, Buffer.concat(this.body));
    this.body = null;
    const s = this.status;
    const outcome = this.classifier.outcome(s);
    this.settle(outcome, now, s, outcome === 'ok' && this.degraded);
  }

  /** The connection failed (refused, reset, closed mid-response, unreadable response). */
  onError(now: number): void {
    this.settle('connection', now, 0);
  }

  /** The deadline passed: count a timeout and cut the request off. */
  timeOut(now: number): void {
    if (this.done) return;
    const c = this.carrier;
    this.settle('timeout', now, 0);
    c?.abandon(this);
  }

  /** Ends the request without recording it (the run was stopped). */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.body = null;
    const c = this.carrier;
    this.carrier = null;
    if (this.recorder) this.recorder.pending--;
    this.owner.settled();
    c?.abandon(this);
  }

  private settle(outcome: Outcome, now: number, status: number, degraded = false): void {
    if (this.done) return;
    this.done = true;
    this.carrier = null;
    this.body = null;
    const r = this.recorder;
    if (r) {
      r.record(outcome, now - this.due, status, degraded);
      r.pending--;
    }
    this.owner.settled();
  }
}
