import type { Exchange } from './exchange.js';
import { HttpConnection, type ConnectionEvents, type ConnectionTarget } from './http-connection.js';

/**
 * ms a connection may stay idle and still be used: servers close idle keep-alive connections
 * (Node after 5 s by default), and a request written as the server closes would fail.
 */
const IDLE_MS = 4000;

/**
 * One route's connections: at most `maxConnections` open or connecting, idle ones reused most
 * recently freed first (so a light load keeps few connections), and a FIFO queue of exchanges
 * waiting for one. A queued exchange keeps its due time, so the wait counts in its latency; one
 * that ended while queued (timed out, cancelled) is skipped and never sent.
 */
export class ConnectionPool implements ConnectionEvents {
  /** Connections connected now. */
  open = 0;
  private readonly all = new Set<HttpConnection>();
  private readonly idle: HttpConnection[] = [];
  private waitingHead: Exchange | null = null;
  private waitingTail: Exchange | null = null;
  private destroyed = false;
  private emptied: (() => void) | null = null;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly maxConnections: number,
    /** Told after each read a connection handled, with its performance.now(). */
    readonly read: (now: number) => void = () => undefined,
  ) {}

  /** Sends `ex` on a free connection, a new one, or queues it; `now` is performance.now(). */
  dispatch(ex: Exchange, now: number): void {
    const c = this.takeIdle(now);
    if (c) c.send(ex);
    else if (this.all.size < this.maxConnections && !this.destroyed) this.connect(ex);
    else this.enqueue(ex);
  }

  connected(): void {
    this.open++;
  }

  free(c: HttpConnection, now: number): void {
    const ex = this.dequeue();
    if (ex) return c.send(ex);
    c.idleSince = now;
    this.idle.push(c);
  }

  closed(c: HttpConnection, wasConnected: boolean): void {
    this.all.delete(c);
    if (wasConnected) this.open--;
    const i = this.idle.lastIndexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (this.destroyed) {
      if (this.all.size === 0) this.emptied?.();
      return;
    }
    // A slot freed up: the first request still waiting gets a connection of its own.
    const ex = this.dequeue();
    if (ex) this.connect(ex);
  }

  /** Closes every connection; resolves once all are closed. Exchanges still waiting are left as they are. */
  destroy(): Promise<void> {
    this.destroyed = true;
    this.waitingHead = this.waitingTail = null;
    if (this.all.size === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => (this.emptied = resolve));
    for (const c of this.all) c.destroy();
    return done;
  }

  private connect(ex: Exchange): void {
    this.all.add(new HttpConnection(this, this.target, ex));
  }

  private takeIdle(now: number): HttpConnection | null {
    for (;;) {
      const c = this.idle.pop();
      if (!c) return null;
      if (c.usable && now - c.idleSince < IDLE_MS) return c;
      c.destroy();
    }
  }

  private enqueue(ex: Exchange): void {
    if (this.waitingTail) this.waitingTail.nextWaiting = ex;
    else this.waitingHead = ex;
    this.waitingTail = ex;
  }

  private dequeue(): Exchange | null {
    let ex = this.waitingHead;
    while (ex && ex.done) ex = ex.nextWaiting;
    this.waitingHead = ex?.nextWaiting ?? null;
    if (!this.waitingHead) this.waitingTail = null;
    if (ex) ex.nextWaiting = null;
    return ex;
  }
}
