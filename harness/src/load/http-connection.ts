import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Exchange, ExchangeCarrier } from './exchange.js';
import { ResponseParser, type ResponseSink } from './response-parser.js';

/**
 * One read buffer for every plain connection: libuv reads into it and the response is parsed
 * synchronously in the read callback, before the next read, so nothing is allocated per read.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** ms a connection may take to connect before it counts as failed (undici's default too). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Where and how a pool's connections connect and read. */
export interface ConnectionTarget {
  host: string;
  port: number;
  tls: boolean;
  /** Keep the connection for further requests after a response that allows it. */
  reusable: boolean;
  /** The route's method is HEAD: no response has a body. */
  headRequests: boolean;
  collectHeaders: boolean;
  passBody: boolean;
}

/** What a connection tells its pool. */
export interface ConnectionEvents {
  connected(c: HttpConnection): void;
  /** The connection finished a response and can carry another request; `now` is performance.now(). */
  free(c: HttpConnection, now: number): void;
  /** The socket closed (after an error, the peer's close, or `destroy()`). */
  closed(c: HttpConnection, wasConnected: boolean): void;
  /** A read was handled at `now`: the connection is done with it. */
  read(now: number): void;
}

/**
 * One keep-alive HTTP/1.1 connection carrying one request at a time: writes the request's
 * pre-encoded bytes, parses the response as it arrives and reports it to the exchange, timed
 * once per read. A connection error, a close before the response ended or an unreadable
 * response ends the exchange as a connection failure. An exchange that times out while its
 * request is on the wire costs the connection (its response would arrive later, on a socket
 * that must carry the next one); one that times out while still connecting leaves the
 * connection to the next request.
 */
export class HttpConnection implements ExchangeCarrier, ResponseSink {
  /** performance.now() at which the connection last became free. */
  idleSince = 0;
  private exchange: Exchange | null = null;
  private connected = false;
  /** A response ended and the connection may carry the next one, once the read is parsed. */
  private reuse = false;
  private ended = false;
  /** performance.now() of the read being parsed: one clock read serves every response in it. */
  private now = 0;
  private readonly socket: Socket;
  private readonly parser: ResponseParser;

  constructor(
    private readonly events: ConnectionEvents,
    private readonly target: ConnectionTarget,
    first: Exchange,
  ) {
    this.parser = new ResponseParser(this, target.headRequests, target.collectHeaders, target.passBody);
    this.exchange = first;
    first.carrier = this;
    const { host, port } = target;
    if (target.tls) {
      this.socket = connectTls({ host, port, servername: host, ALPNProtocols: ['http/1.1'] });
      this.socket.once('secureConnect', this.onConnect);
      this.socket.on('data', (chunk: Buffer) => this.read(chunk, chunk.length));
    } else {
      const callback = (nread: number): boolean => this.read(READ_BUFFER, nread);
      this.socket = connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback } });
      this.socket.once('connect', this.onConnect);
    }
    this.socket.setTimeout(CONNECT_TIMEOUT_MS, () => this.socket.destroy());
    this.socket.on('end', this.onPeerEnd);
    // Every error is followed by 'close', which ends the exchange.
    this.socket.on('error', () => undefined);
    this.socket.on('close', this.onClose);
  }

  /** Carries `ex` next; the connection must be free. */
  send(ex: Exchange): void {
    this.exchange = ex;
    ex.carrier = this;
    if (this.connected) this.socket.write(ex.request);
  }

  abandon(ex: Exchange): void {
    if (ex !== this.exchange) return;
    this.exchange = null;
    // Still connecting: the connection will serve whatever waits once it is up.
    if (this.connected) this.destroy();
  }

  /** Whether the socket may still carry a request (not closed or closing). */
  get usable(): boolean {
    return !this.socket.destroyed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  onHead(status: number, headers: Record<string, string> | null): void {
    if (!this.exchange) throw new Error('a response to no request');
    this.exchange.onHead(status, headers);
  }

  onBody(chunk: Buffer): void {
    this.exchange?.onBody(chunk);
  }

  onEnd(keepAlive: boolean): void {
    const ex = this.exchange;
    this.exchange = null;
    if (keepAlive && this.target.reusable) this.reuse = true;
    else this.ended = true;
    ex?.onEnd(this.now);
  }

  private readonly onConnect = (): void => {
    this.connected = true;
    this.socket.setTimeout(0);
    this.events.connected(this);
    const ex = this.exchange;
    if (ex && !ex.done) this.socket.write(ex.request);
    else {
      this.exchange = null;
      this.events.free(this, performance.now());
    }
  };

  /** Parses one read; always true (keep reading). */
  private read(buf: Buffer, nread: number): boolean {
    this.now = performance.now();
    try {
      this.parser.execute(buf, 0, nread);
    } catch {
      this.fail();
      return true;
    }
    if (this.reuse && this.parser.idle && !this.ended) {
      this.reuse = false;
      this.events.free(this, this.now);
    } else if (this.ended || this.reuse) {
      // Ended, or bytes beyond the response that no request asked for.
      this.destroy();
    }
    this.events.read(this.now);
    return true;
  }

  /** The peer ended its side: that completes a response read until the close, else fails it. */
  private readonly onPeerEnd = (): void => {
    this.now = performance.now();
    if (!this.parser.finish()) this.fail();
    this.destroy();
  };

  private readonly onClose = (): void => {
    this.parser.finish();
    const ex = this.exchange;
    this.exchange = null;
    ex?.onError(performance.now());
    this.events.closed(this, this.connected);
  };

  private fail(): void {
    const ex = this.exchange;
    this.exchange = null;
    ex?.onError(this.now);
    this.destroy();
  }
}
