import net, { type Server, type Socket } from 'node:net';
import { AddressError, formatHostPort, listenErrorMessage, resolveListen, splitHostPort } from './address.js';
import { Connection, type ConnectionOwner } from './connection.js';
import { reusableReads, type Link, type ReadHook } from './link.js';
import type { Logger } from './logger.js';
import { ToxicCollection } from './toxic-collection.js';
import { resetsOnClose } from './toxics/index.js';
import type { Direction } from './toxic-spec.js';
import { toxicJson } from './toxic-spec.js';

/** Byte counts of finished links, for /metrics. */
export interface TrafficSink {
  add(labels: TrafficLabels, received: number, sent: number): void;
}

/** Labels of Toxiproxy's proxy metrics. */
export interface TrafficLabels {
  direction: Direction;
  listener: string;
  proxy: string;
  upstream: string;
}

/** What a proxy shares with its server. */
export interface ProxyContext {
  readonly random: () => number;
  readonly log: Logger;
  readonly traffic: TrafficSink;
}

/** The fields a create, update or populate may set. */
export interface ProxyFields {
  listen: string;
  upstream: string;
  enabled: boolean;
}

interface LiveConnection {
  conn: Connection;
  labels: Record<Direction, TrafficLabels>;
}

/**
 * One proxy: a listener on `listen` that joins each accepted client to a fresh connection to
 * `upstream`, plus its toxics. Disabling closes the listener and every connection; the toxics stay.
 */
export class Proxy implements ConnectionOwner {
  listen: string;
  upstream: string;
  enabled = false;
  readonly toxics: ToxicCollection;
  private server: Server | undefined;
  private readonly live = new Map<Connection, LiveConnection>();
  /** Clients waiting for their upstream connection, with that connection. */
  private readonly dialing = new Map<Socket, Socket>();

  constructor(
    readonly name: string,
    fields: Omit<ProxyFields, 'enabled'>,
    private readonly ctx: ProxyContext,
  ) {
    this.listen = fields.listen;
    this.upstream = fields.upstream;
    this.toxics = new ToxicCollection((d) => this.links(d));
  }

  get random(): () => number {
    return this.ctx.random;
  }

  /** Open connections (client and upstream both accepted or connected), for tests and stats. */
  get connectionCount(): number {
    return this.live.size + this.dialing.size;
  }

  /** The proxy's JSON, key order as Toxiproxy (`Logger` left out). */
  json(): Record<string, unknown> {
    return {
      name: this.name,
      listen: this.listen,
      upstream: this.upstream,
      enabled: this.enabled,
      toxics: this.toxics.list().map(toxicJson),
    };
  }

  /** Listens on `listen`; the bound address replaces it. Rejects with Go's error text. */
  async start(): Promise<void> {
    if (this.enabled) return;
    const addr = resolveListen(this.listen);
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (c) => this.accept(c));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new AddressError(listenErrorMessage(addr, err))),
      );
      server.listen({ host: addr.host === '' ? undefined : addr.host, port: addr.port }, resolve);
    });
    server.on('error', (err) =>
      this.ctx.log('warn', 'Proxy listener error', { name: this.name, err: err.message }),
    );
    const bound = server.address();
    if (bound && typeof bound === 'object') {
      this.listen = formatHostPort({ host: addr.host === '' ? '::' : bound.address, port: bound.port });
    }
    this.server = server;
    this.enabled = true;
    this.ctx.log('info', 'Started proxy', { name: this.name, proxy: this.listen, upstream: this.upstream });
  }

  /** Closes the listener and drops every connection (clients see EOF, or RST under reset_peer). */
  stop(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.server?.close();
    this.server = undefined;
    for (const [client, server] of this.dialing) {
      client.destroy();
      server.destroy();
    }
    this.dialing.clear();
    for (const { conn } of [...this.live.values()]) conn.abort();
    this.ctx.log('info', 'Terminated proxy', {
      name: this.name,
      proxy: this.listen,
      upstream: this.upstream,
    });
  }

  /** Toxiproxy's update: a changed listen or upstream restarts the proxy, then `enabled` applies. */
  async update(input: ProxyFields): Promise<void> {
    const listenChanged =
      formatHostPort(resolveListen(input.listen)) !== formatHostPort(resolveListen(this.listen));
    if (listenChanged || input.upstream !== this.upstream) {
      this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) {
      if (input.enabled) await this.start();
      else this.stop();
    }
  }

  connectionClosed(conn: Connection): void {
    const entry = this.live.get(conn);
    if (!entry) return;
    this.live.delete(conn);
    this.ctx.traffic.add(entry.labels.upstream, conn.upstream.received, conn.upstream.sent);
    this.ctx.traffic.add(entry.labels.downstream, conn.downstream.received, conn.downstream.sent);
  }

  /** Byte counts of the links still open, for /metrics. */
  *liveTraffic(): Iterable<{ labels: TrafficLabels; received: number; sent: number }> {
    for (const { conn, labels } of this.live.values()) {
      yield { labels: labels.upstream, received: conn.upstream.received, sent: conn.upstream.sent };
      yield { labels: labels.downstream, received: conn.downstream.received, sent: conn.downstream.sent };
    }
  }

  private *links(direction: Direction): Iterable<Link> {
    for (const { conn } of this.live.values()) yield conn.link(direction);
  }

  private accept(accepted: Socket): void {
    const clientHook: ReadHook = { read: () => true, reuse: true };
    const client = withReusableReads(accepted, clientHook);
    const fields = {
      name: this.name,
      client: `${client.remoteAddress}:${client.remotePort}`,
      proxy: this.listen,
      upstream: this.upstream,
    };
    this.ctx.log('info', 'Accepted client', fields);
    let target;
    try {
      target = splitHostPort(this.upstream);
    } catch {
      target = undefined;
    }
    if (!target) {
      this.ctx.log('error', 'Unable to open connection to upstream', fields);
      client.destroy();
      return;
    }
    client.on('error', () => client.destroy());
    const hook: ReadHook = { read: () => true, reuse: true };
    const server = net.connect({
      host: target.host || 'localhost',
      port: target.port,
      allowHalfOpen: true,
      onread: reusableReads(hook),
    });
    this.dialing.set(client, server);
    server.once('error', (err) => {
      this.dialing.delete(client);
      this.ctx.log('error', 'Unable to open connection to upstream', { ...fields, err: err.message });
      client.destroy();
      server.destroy();
    });
    server.once('connect', () => {
      this.dialing.delete(client);
      server.removeAllListeners('error');
      client.removeAllListeners('error');
      if (!this.enabled || client.destroyed) {
        client.destroy();
        server.destroy();
        return;
      }
      this.join(client, server, client === accepted ? undefined : clientHook, hook);
    });
  }

  private join(client: Socket, server: Socket, clientHook: ReadHook | undefined, serverHook: ReadHook): void {
    const specs = this.toxics.snapshot();
    const reset = [...specs.upstream, ...specs.downstream].some((s) => resetsOnClose(s.type));
    const conn = new Connection(client, server, this, specs, reset, serverHook, clientHook);
    const label = (direction: Direction): TrafficLabels => ({
      direction,
      listener: this.listen,
      proxy: this.name,
      upstream: this.upstream,
    });
    this.live.set(conn, { conn, labels: { upstream: label('upstream'), downstream: label('downstream') } });
    client.resume();
  }
}

/** The private fields of an accepted socket that `withReusableReads` moves. */
interface AcceptedInternals {
  _handle: unknown;
  _server: unknown;
  server: unknown;
}

/**
 * The accepted socket re-made around the same handle with `onread` (see `reusableReads`), which
 * `net.Server` does not offer for accepted sockets in Node 20: reads then land in a reused buffer
 * instead of a fresh allocation per read, and skip the readable stream (about 10 % less CPU per
 * proxied request). The server's connection count moves with the handle. Falls back to the
 * accepted socket if its internals are not there.
 */
function withReusableReads(accepted: Socket, hook: ReadHook): Socket {
  const old = accepted as unknown as AcceptedInternals;
  if (!old._handle || old._server === undefined) return accepted;
  const socket = new net.Socket({
    handle: old._handle,
    allowHalfOpen: true,
    onread: reusableReads(hook),
  } as net.SocketConstructorOpts) as Socket & AcceptedInternals;
  // Constructed with a handle, a socket starts reading; the proxy resumes it once the upstream answers.
  socket.pause();
  socket._server = old._server;
  socket.server = old.server;
  old._handle = null;
  old._server = null;
  return socket;
}
