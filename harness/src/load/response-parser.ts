/** Receives what a ResponseParser finds, in order, once per final (non-1xx) response. */
export interface ResponseSink {
  /** The head of a final response; `headers` (lower-case names) only when the parser collects them. */
  onHead(status: number, headers: Record<string, string> | null): void;
  /** Body bytes (de-chunked); only when the parser passes bodies on. Valid only during the call. */
  onBody(chunk: Buffer): void;
  /** The response is complete; `keepAlive` when the connection may carry another request. */
  onEnd(keepAlive: boolean): void;
}

/** A response the parser cannot read; the connection it came on is unusable. */
export class ResponseParseError extends Error {}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Dead,
}

/** Bytes a head, a chunk-size line or the trailers may take before the response is refused. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * An incremental HTTP/1.1 response parser for one connection: feed it the bytes as they arrive,
 * split anywhere, several responses in one chunk or one response over many. It reads the status
 * line and the headers it needs (Content-Length, Transfer-Encoding, Connection), skips 1xx
 * interim responses, knows which responses have no body (to HEAD, 204, 304), decodes chunked
 * bodies and reads a body without a length until the connection closes. Throws
 * ResponseParseError on a malformed response.
 */
export class ResponseParser {
  private state = State.Head;
  /** Bytes of an unfinished head or line, carried to the next chunk. */
  private carry: Buffer | null = null;
  private remaining = 0;
  private keepAlive = true;

  constructor(
    private readonly sink: ResponseSink,
    /** The connection's requests are HEAD: no response has a body. */
    private readonly headRequests = false,
    private readonly collectHeaders = false,
    private readonly passBody = false,
  ) {}

  /** Whether the parser is between responses, with no partial one buffered. */
  get idle(): boolean {
    return this.state === State.Head && this.carry === null;
  }

  /** Parses `data[start, end)`; the bytes need not stay valid after the call. */
  execute(data: Buffer, start = 0, end = data.length): void {
    let buf = data;
    let pos = start;
    if (this.carry) {
      buf = Buffer.concat([this.carry, data.subarray(start, end)]);
      end = buf.length;
      pos = 0;
      this.carry = null;
    }
    while (pos < end) {
      switch (this.state) {
        case State.Head: {
          const at = buf.indexOf(CRLFCRLF, pos);
          if (at < 0 || at >= end) return this.keep(buf, pos, end);
          this.head(buf.toString('latin1', pos, at));
          pos = at + 4;
          break;
        }
        case State.Length:
        case State.ChunkData: {
          const n = Math.min(this.remaining, end - pos);
          if (this.passBody) this.sink.onBody(buf.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            if (this.state === State.Length) this.end();
            else this.state = State.ChunkDataEnd;
          }
          break;
        }
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers: {
          const at = buf.indexOf(CRLF, pos);
          if (at < 0 || at >= end) return this.keep(buf, pos, end);
          this.line(buf.toString('latin1', pos, at));
          pos = at + 2;
          break;
        }
        case State.UntilClose:
          if (this.passBody) this.sink.onBody(buf.subarray(pos, end));
          return;
        case State.Dead:
          throw new ResponseParseError('bytes after a response that ended the connection');
      }
    }
  }

  /**
   * The connection closed. Returns whether that ended cleanly: between responses, or completing
   * a response whose body runs until the close. A response cut short returns false.
   */
  finish(): boolean {
    if (this.state === State.UntilClose) {
      this.state = State.Dead;
      this.sink.onEnd(false);
      return true;
    }
    const clean = this.idle || this.state === State.Dead;
    this.state = State.Dead;
    return clean;
  }

  private keep(buf: Buffer, pos: number, end: number): void {
    if (end - pos > MAX_HEAD_BYTES) throw new ResponseParseError(`response head or line over ${MAX_HEAD_BYTES} bytes`);
    this.carry = Buffer.from(buf.subarray(pos, end));
  }

  private head(text: string): void {
    // "HTTP/1.x NNN reason"
    if (!text.startsWith('HTTP/1.') || text.charCodeAt(8) !== 32) {
      throw new ResponseParseError(`not an HTTP/1 status line: ${JSON.stringify(text.slice(0, 40))}`);
    }
    const status = digit(text, 9) * 100 + digit(text, 10) * 10 + digit(text, 11);
    const after = text.length > 12 ? text.charCodeAt(12) : 32;
    if (!(status >= 100) || (after !== 32 && after !== 13)) {
      throw new ResponseParseError(`bad status in ${JSON.stringify(text.slice(0, 40))}`);
    }
    const http10 = text.charCodeAt(7) === 48;
    let length = -1;
    let chunked = false;
    let encoded = false;
    let close = false;
    let keepAliveToken = false;
    const headers: Record<string, string> | null = this.collectHeaders ? {} : null;
    let lineStart = text.indexOf('\r\n') + 2;
    while (lineStart > 1 && lineStart < text.length) {
      let lineEnd = text.indexOf('\r\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const colon = text.indexOf(':', lineStart);
      if (colon < 0 || colon > lineEnd) throw new ResponseParseError('header line without a colon');
      const nameLength = colon - lineStart;
      // Only names of these lengths matter to framing; others are lower-cased only when collected.
      if (nameLength === 14 || nameLength === 17 || nameLength === 10 || headers) {
        const name = text.slice(lineStart, colon).toLowerCase();
        const value = text.slice(colon + 1, lineEnd).trim();
        if (name === 'content-length') {
          const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
          if (!(n >= 0) || (length >= 0 && n !== length)) throw new ResponseParseError(`bad content-length "${value}"`);
          length = n;
        } else if (name === 'transfer-encoding') {
          encoded = true;
          chunked = /(^|,)\s*chunked\s*$/i.test(value);
        } else if (name === 'connection') {
          const v = value.toLowerCase();
          if (/(^|,)\s*close\s*(,|$)/.test(v)) close = true;
          if (/(^|,)\s*keep-alive\s*(,|$)/.test(v)) keepAliveToken = true;
        }
        if (headers) headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
      }
      lineStart = lineEnd + 2;
    }
    // 101 would switch protocols, which no request of ours asks for: treat it as final.
    if (status < 200 && status !== 101) return;
    this.keepAlive = !close && (!http10 || keepAliveToken) && status !== 101;
    this.sink.onHead(status, headers);
    if (this.headRequests || status === 204 || status === 304 || status === 101) return this.end();
    if (encoded) {
      if (chunked) this.state = State.ChunkSize;
      else this.untilClose();
    } else if (length > 0) {
      this.remaining = length;
      this.state = State.Length;
    } else if (length === 0) this.end();
    else this.untilClose();
  }

  private line(text: string): void {
    if (this.state === State.ChunkDataEnd) {
      if (text !== '') throw new ResponseParseError('chunk data longer than its size');
      this.state = State.ChunkSize;
    } else if (this.state === State.ChunkSize) {
      const semi = text.indexOf(';');
      const hex = (semi < 0 ? text : text.slice(0, semi)).trim();
      if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new ResponseParseError(`bad chunk size "${hex.slice(0, 20)}"`);
      const size = parseInt(hex, 16);
      if (size === 0) this.state = State.Trailers;
      else {
        this.remaining = size;
        this.state = State.ChunkData;
      }
    } else if (text === '') this.end();
  }

  private untilClose(): void {
    this.keepAlive = false;
    this.state = State.UntilClose;
  }

  private end(): void {
    const keepAlive = this.keepAlive;
    this.state = keepAlive ? State.Head : State.Dead;
    this.sink.onEnd(keepAlive);
  }
}

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}
