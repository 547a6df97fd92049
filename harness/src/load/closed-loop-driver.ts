import type autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';
import type { RouteSecond } from '../results/index.js';
import type { ClosedLoopRoute } from '../scenario/index.js';
import type { LoadDriver, RouteRun } from './load-driver.js';
import { RequestTemplate } from './request-template.js';
import { ResponseClassifier } from './response-classifier.js';
import { SecondRecorder, type Outcome } from './second-recorder.js';

/**
 * An autocannon client as its code is (lib/httpClient.js): it also emits `request`, `timeout` and
 * `connError`, and has `destroy()`, which the published typings leave out.
 */
interface CannonClient extends EventEmitter {
  destroy(): void;
}

/** What one autocannon client (one connection, one request outstanding) is waiting for. */
interface ClientState extends Outstanding {
  client: CannonClient;
  /**
   * A request replaced by a new one before its end was reported: autocannon reconnects and
   * sends again before it emits `timeout`, and sends again without a word when a connection
   * ends under a request.
   */
  previous: Outstanding | null;
}

interface Outstanding {
  /** performance.now() at which the request was written; NaN when none is outstanding. */
  sentAt: number;
  /** The recorder of the second it was sent in; null for warm-up or after the end. */
  recorder: SecondRecorder | null;
}

/** ms between ticks while a finished second still waits for its last answers. */
const POLL_MS = 20;

/**
 * autocannon, loaded by the first closed-model route: importing it costs ~20 MB of memory that
 * runs with only open-model routes would carry for nothing.
 */
let loading: Promise<typeof autocannon> | undefined;
const loadAutocannon = (): Promise<typeof autocannon> =>
  (loading ??= import('autocannon').then((m) => m.default));

/**
 * A closed-model route: `connections` autocannon clients, each sending its next request as soon
 * as the previous answer arrived. Each response is recorded, by the second it was sent in, into
 * the same per-second recorders as the open model, so checks and charts read it the same way —
 * but its latency counts from the actual send, so while the system stalls the clients simply
 * send less and the stall shows only in the few requests that waited (docs/load.md).
 *
 * Requests still unanswered at the end get up to the route's timeout; those sent after the end
 * are not recorded.
 */
export class ClosedLoopDriver implements LoadDriver {
  readonly nextDue = Infinity;
  readonly gapMs = Infinity;
  readonly closed: RouteSecond[] = [];
  private readonly recorders: (SecondRecorder | undefined)[] = [];
  private readonly clients: ClientState[] = [];
  private readonly classifier: ResponseClassifier;
  private readonly template: RequestTemplate;
  private readonly endAt: number;
  private lastSecond: number;
  private instance: autocannon.Instance | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private done: Promise<void> = Promise.resolve();
  /** Set by the request's onResponse, read by the client's response event that follows it at once. */
  private lastDegraded = false;

  constructor(
    private readonly spec: ClosedLoopRoute,
    baseUrl: string,
    private readonly run: RouteRun,
  ) {
    const connections = spec.connections;
    if (!(connections >= 1) || !Number.isInteger(connections)) {
      throw new RangeError(
        `route "${spec.name}": connections must be a whole number >= 1, got ${spec.connections}`,
      );
    }
    if (spec.timeoutMs < 1000) {
      throw new RangeError(
        `route "${spec.name}": a closed-model route needs a timeout of at least 1s (autocannon counts whole seconds)`,
      );
    }
    this.classifier = new ResponseClassifier(spec);
    const url = new URL(baseUrl);
    this.template = new RequestTemplate(spec, url.pathname.replace(/\/+$/, ''), run.seed);
    this.endAt = run.t0 + run.durationMs;
    this.lastSecond = run.seconds - 1;
    // Loading starts now so that the start time (after warm-up, usually) does not wait for it.
    const cannon = loadAutocannon();
    const begin = (): void => void cannon.then((create) => this.begin(create, url.origin, connections));
    const wait = run.start - performance.now();
    if (wait > 1) this.startTimer = setTimeout(begin, wait);
    else begin();
  }

  sendDue(): number {
    return 0;
  }

  expire(now: number): number {
    if (!this.stopping && now >= this.endAt) this.beginStop();
    if (this.finished) return Infinity;
    const t = this.closed.length;
    const secondEnd = this.run.t0 + (t + 1) * 1000;
    return secondEnd <= now ? now + POLL_MS : secondEnd;
  }

  closeReady(now: number): void {
    for (let t = this.closed.length; t <= this.lastSecond; t++) {
      if (!this.stopping && now < this.run.t0 + (t + 1) * 1000) return;
      const r = this.recorders[t];
      if (r && r.pending > 0) return;
      this.closed.push((r ?? new SecondRecorder(this.spec.name, t)).close());
      this.recorders[t] = undefined;
    }
  }

  get finished(): boolean {
    return this.closed.length > this.lastSecond;
  }

  stop(lastSecond: number): void {
    this.lastSecond = Math.min(this.lastSecond, lastSecond);
    this.beginStop();
  }

  cancelAll(): void {
    this.beginStop();
    for (const c of this.clients) c.client.destroy();
    this.instance?.stop();
  }

  async destroy(): Promise<void> {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.cancelAll();
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise((resolve) => (bound = setTimeout(resolve, 2000)))]);
    clearTimeout(bound);
  }

  private begin(create: typeof autocannon, origin: string, connections: number): void {
    this.startTimer = null;
    if (this.stopping) return;
    const t = this.template;
    const request: autocannon.Request = {
      method: t.method as autocannon.Request['method'],
      path: '/',
      // One request template for every client: each build is the next request of the route.
      setupRequest: (req) => {
        const parts = t.next();
        return { ...req, path: parts.path, headers: parts.headers, body: parts.body ?? '' };
      },
      onResponse: (status, body, _context, headers) => {
        this.lastDegraded =
          this.classifier.outcome(status) === 'ok' &&
          this.classifier.isDegraded(
            lowerCase(headers ?? {}),
            this.classifier.needsBody ? Buffer.from(body) : undefined,
          );
      },
    };
    let finished: () => void = () => undefined;
    // autocannon calls back at its next whole-second tick after every client is destroyed.
    this.done = new Promise<void>((resolve) => (finished = resolve));
    const instance = create(
      {
        url: origin,
        connections,
        pipelining: 1,
        timeout: this.spec.timeoutMs / 1000, // s, as autocannon counts it
        // Stopped by this driver at the end; the duration only bounds a run that was never stopped.
        duration: (this.endAt - performance.now() + this.spec.timeoutMs) / 1000 + 30,
        requests: [request],
        setupClient: (client) => this.watch(client as unknown as CannonClient),
      },
      () => finished(),
    );
    this.instance = instance;
  }

  private watch(client: CannonClient): void {
    const state: ClientState = { sentAt: Number.NaN, recorder: null, client, previous: null };
    this.clients.push(state);
    client.on('request', () => this.sent(state));
    client.on('response', (status: number) => {
      this.answered(state, this.classifier.outcome(status), status, this.lastDegraded);
    });
    client.on('timeout', () => {
      const p = state.previous;
      state.previous = null;
      this.answered(p ?? state, 'timeout', 0, false);
    });
    client.on('connError', () => this.answered(state, 'connection', 0, false));
    // Destroyed (by cancelAll or autocannon itself): whatever is outstanding ends uncounted.
    client.on('done', () => {
      for (const o of [state, state.previous]) {
        if (o?.recorder) o.recorder.pending--;
        if (o) o.recorder = null;
      }
    });
  }

  private sent(state: ClientState): void {
    const now = performance.now();
    if (!Number.isNaN(state.sentAt)) {
      const previous: Outstanding = { sentAt: state.sentAt, recorder: state.recorder };
      state.previous = previous;
      // A timeout reports it synchronously after this send; otherwise its connection ended.
      queueMicrotask(() => {
        if (state.previous !== previous) return;
        state.previous = null;
        this.answered(previous, 'connection', 0, false);
      });
    }
    state.sentAt = now;
    state.recorder = null;
    if (this.stopping || now < this.run.t0 || now >= this.endAt) return;
    const t = Math.min(Math.floor((now - this.run.t0) / 1000), this.run.seconds - 1);
    if (t > this.lastSecond) return;
    const r = (this.recorders[t] ??= new SecondRecorder(this.spec.name, t));
    r.offered++;
    r.sent++;
    r.pending++;
    r.connections = this.clients.length;
    state.recorder = r;
  }

  private answered(o: Outstanding, outcome: Outcome, status: number, degraded: boolean): void {
    if (Number.isNaN(o.sentAt)) return;
    const r = o.recorder;
    o.recorder = null;
    if (r) {
      r.record(outcome, performance.now() - o.sentAt, status, degraded);
      r.pending--;
    }
    o.sentAt = Number.NaN;
    if (this.stopping && 'client' in o) (o as ClientState).client.destroy();
  }

  /** No more recorded sends; idle clients close now, busy ones after their answer. */
  private beginStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    // Not instance.stop(): autocannon would destroy the busy clients too at its next tick.
    for (const c of this.clients) if (!c.recorder) c.client.destroy();
  }
}

function lowerCase(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === 'string' || Array.isArray(v)) out[k.toLowerCase()] = v as string | string[];
  }
  return out;
}
