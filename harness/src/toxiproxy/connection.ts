import type { Socket } from 'node:net';
import { HttpConversation } from './http-conversation.js';
import { Link, type LinkOwner, type ReadHook } from './link.js';
import { isHttpSpec, type Direction, type ToxicSpec } from './toxic-spec.js';

/** ms to let a closing socket flush what is queued before it is destroyed regardless. */
const FLUSH_GRACE_MS = 5_000;

/** What a connection needs from its proxy. */
export interface ConnectionOwner {
  readonly random: () => number;
  /** Both sockets are gone: forget the connection, count its bytes. */
  connectionClosed(conn: Connection): void;
}

/**
 * A client socket and its upstream socket joined by two links. Half-close is never kept, as
 * in Toxiproxy: when one link's output closes, the other link's input ends, its toxics drain,
 * and then the other socket closes too. Closes are RST when a `reset_peer` toxic existed when
 * the connection was accepted.
 */
export class Connection implements LinkOwner {
  readonly upstream: Link;
  readonly downstream: Link;
  private readonly closed = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private open = 2;
  private http: HttpConversation | undefined;

  constructor(
    readonly client: Socket,
    readonly server: Socket,
    private readonly owner: ConnectionOwner,
    specs: Readonly<Record<Direction, readonly ToxicSpec[]>>,
    private resetsOnClose: boolean,
    serverReads?: ReadHook,
    clientReads?: ReadHook,
  ) {
    client.setNoDelay(true);
    server.setNoDelay(true);
    this.upstream = new Link('upstream', client, server, this, owner.random, specs.upstream, clientReads);
    this.downstream = new Link(
      'downstream',
      server,
      client,
      this,
      owner.random,
      specs.downstream,
      serverReads,
    );
    if ([...specs.upstream, ...specs.downstream].some(isHttpSpec)) this.httpNeeded();
    for (const socket of [client, server]) {
      socket.on('error', () => this.closeOutput(socket));
      socket.on('close', () => this.socketClosed(socket));
    }
  }

  /** Frames HTTP from now on; mid-stream when data has flowed already (a toxic added live). */
  httpNeeded(): void {
    const resync = this.upstream.received > 0 || this.downstream.received > 0;
    this.http ??= new HttpConversation(this.upstream, this.downstream, resync);
  }

  resetOnClose(): void {
    this.resetsOnClose = true;
  }

  link(direction: Direction): Link {
    return direction === 'upstream' ? this.upstream : this.downstream;
  }

  isClosed(socket: Socket): boolean {
    return this.closed.has(socket);
  }

  /** Close one socket after what is queued for it is written; the link reading it ends. */
  closeOutput(socket: Socket): void {
    if (this.closed.has(socket)) return;
    this.closed.add(socket);
    (socket === this.client ? this.upstream : this.downstream).inputEnded();
    if (socket.destroyed) return;
    if (this.resetsOnClose) {
      socket.resetAndDestroy();
    } else if (socket.writableLength === 0) {
      socket.destroy();
    } else {
      socket.end(() => socket.destroy());
      const timer = setTimeout(() => socket.destroy(), FLUSH_GRACE_MS);
      this.timers.add(timer);
    }
  }

  /** Drop both sockets now (proxy disabled, deleted or server closing): toxics pass nothing on. */
  abort(): void {
    this.upstream.abort();
    this.downstream.abort();
    for (const socket of [this.client, this.server]) {
      this.closed.add(socket);
      if (socket.destroyed) continue;
      if (this.resetsOnClose) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private socketClosed(socket: Socket): void {
    this.closeOutput(socket);
    if (--this.open > 0) return;
    this.upstream.abort();
    this.downstream.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.owner.connectionClosed(this);
  }
}
