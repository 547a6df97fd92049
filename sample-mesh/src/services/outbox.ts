import type { Logger } from '../runtime/logger.js';
import type { MeshMetrics } from '../runtime/mesh-metrics.js';

/** The event orders publishes for every order it accepts. */
export interface OrderPlaced {
  eventId: string;
  type: 'OrderPlaced';
  orderId: string;
  sku: string;
  qty: number;
  status: string;
  placedAt: string;
}

export interface OutboxOptions {
  /** Sends one event; resolves once the consumer acknowledged it, rejects otherwise. */
  deliver(event: OrderPlaced, traceparent: string | undefined): Promise<void>;
  metrics: MeshMetrics;
  logger: Logger;
  /** ms between delivery rounds */
  intervalMs: number;
  /** Most events sent in one round (concurrently). */
  batch: number;
  /** ms; a failed event waits random [0, min(max, base·2^attempts)) before its next try. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => number;
}

interface Entry {
  event: OrderPlaced;
  traceparent: string | undefined;
  attempts: number;
  nextAt: number;
}

/**
 * Transactional-outbox stand-in: an order and its event are recorded in the same synchronous
 * step, and a background loop delivers each event at least once, retrying with backoff until the
 * consumer acknowledges it. Consumers must dedupe by `eventId`.
 */
export class Outbox {
  private readonly pending = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private running = false;
  private failing = false;
  private readonly now: () => number;

  constructor(private readonly opts: OutboxOptions) {
    this.now = opts.now ?? Date.now;
    opts.metrics.outboxBacklog.set(0);
  }

  get backlog(): number {
    return this.pending.size;
  }

  add(event: OrderPlaced, traceparent?: string): void {
    this.pending.set(event.eventId, { event, traceparent, attempts: 0, nextAt: 0 });
    this.opts.metrics.outboxBacklog.set(this.pending.size);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops the loop after the round in flight. Undelivered events stay (and are lost with the process). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Runs one delivery round now. */
  flush(): Promise<void> {
    this.round ??= this.deliverDue().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.flush().finally(() => this.schedule());
    }, this.opts.intervalMs);
  }

  private async deliverDue(): Promise<void> {
    const t = this.now();
    const due: Entry[] = [];
    for (const e of this.pending.values()) {
      if (due.length >= this.opts.batch) break;
      if (e.nextAt <= t) due.push(e);
    }
    if (due.length === 0) return;
    const results = await Promise.allSettled(due.map((e) => this.opts.deliver(e.event, e.traceparent)));
    let failed = 0;
    results.forEach((r, i) => {
      const e = due[i]!;
      if (r.status === 'fulfilled') {
        this.pending.delete(e.event.eventId);
        return;
      }
      failed++;
      e.attempts++;
      const cap = Math.min(this.opts.retryMaxMs ?? 5000, (this.opts.retryBaseMs ?? 100) * 2 ** e.attempts);
      e.nextAt = this.now() + Math.random() * cap;
    });
    this.opts.metrics.outboxBacklog.set(this.pending.size);
    if (failed > 0 && !this.failing)
      this.opts.logger.warn('outbox delivery failing', { backlog: this.pending.size });
    if (failed === 0 && this.failing)
      this.opts.logger.info('outbox delivery recovered', { backlog: this.pending.size });
    this.failing = failed > 0;
  }
}
