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
          this.head(buf, pos, at);
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
    if (end - pos > MAX_HEAD_BYTES)
      throw new ResponseParseError(`response head or line over ${MAX_HEAD_BYTES} bytes`);
    this.carry = Buffer.from(buf.subarray(pos, end));
  }

  /** Reads the head in `buf[start, end)` (without its blank line) byte by byte: no strings unless collected. */
  private head(buf: Buffer, start: number, end: number): void {
    // "HTTP/1.x NNN reason"
    if (end - start < 12 || !matches(buf, start, HTTP1, false) || buf[start + 8] !== SP) {
      throw new ResponseParseError(
        `not an HTTP/1 status line: ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)))}`,
      );
    }
    const status = digit(buf[start + 9]) * 100 + digit(buf[start + 10]) * 10 + digit(buf[start + 11]);
    const after = start + 12 < end ? buf[start + 12] : SP;
    if (!(status >= 100) || (after !== SP && after !== CR)) {
      throw new ResponseParseError(
        `bad status in ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)))}`,
      );
    }
    const http10 = buf[start + 7] === 48;
    let length = -1;
    let chunked = false;
    let encoded = false;
    let close = false;
    let keepAliveToken = false;
    const headers: Record<string, string> | null = this.collectHeaders ? {} : null;
    let lineStart = lineEndOf(buf, start, end) + 2;
    while (lineStart < end) {
      const lineEnd = lineEndOf(buf, lineStart, end);
      let colon = lineStart;
      while (colon < lineEnd && buf[colon] !== COLON) colon++;
      if (colon === lineEnd) throw new ResponseParseError('header line without a colon');
      let vs = colon + 1;
      while (vs < lineEnd && (buf[vs] === SP || buf[vs] === TAB)) vs++;
      let ve = lineEnd;
      while (ve > vs && (buf[ve - 1] === SP || buf[ve - 1] === TAB)) ve--;
      const nameLength = colon - lineStart;
      if (nameLength === CONTENT_LENGTH.length && matches(buf, lineStart, CONTENT_LENGTH, true)) {
        const n = decimal(buf, vs, ve);
        if (!(n >= 0) || (length >= 0 && n !== length)) {
          throw new ResponseParseError(`bad content-length "${buf.toString('latin1', vs, ve)}"`);
        }
        length = n;
      } else if (nameLength === CONNECTION.length && matches(buf, lineStart, CONNECTION, true)) {
        if (ve - vs === KEEP_ALIVE.length && matches(buf, vs, KEEP_ALIVE, true)) keepAliveToken = true;
        else if (ve - vs === CLOSE.length && matches(buf, vs, CLOSE, true)) close = true;
        else {
          const v = buf.toString('latin1', vs, ve).toLowerCase();
          if (/(^|,)\s*close\s*(,|$)/.test(v)) close = true;
          if (/(^|,)\s*keep-alive\s*(,|$)/.test(v)) keepAliveToken = true;
        }
      } else if (
        nameLength === TRANSFER_ENCODING.length &&
        matches(buf, lineStart, TRANSFER_ENCODING, true)
      ) {
        encoded = true;
        chunked = /(^|,)\s*chunked$/i.test(buf.toString('latin1', vs, ve));
      }
      if (headers) {
        const name = buf.toString('latin1', lineStart, colon).toLowerCase();
        const value = buf.toString('latin1', vs, ve);
        headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
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
      if (!/^[0-9a-fA-F]{1,12}$/.test(hex))
        throw new ResponseParseError(`bad chunk size "${hex.slice(0, 20)}"`);
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

const SP = 32;
const TAB = 9;
const CR = 13;
const COLON = 58;
const HTTP1 = Buffer.from('HTTP/1.');
const CONTENT_LENGTH = Buffer.from('content-length');
const CONNECTION = Buffer.from('connection');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const KEEP_ALIVE = Buffer.from('keep-alive');
const CLOSE = Buffer.from('close');

/** Whether `buf` holds `word` at `at`; ASCII letters in any case when `anyCase` (`word` lower-case). */
function matches(buf: Buffer, at: number, word: Buffer, anyCase: boolean): boolean {
  for (let k = 0; k < word.length; k++) {
    const b = buf[at + k] ?? 0;
    if ((anyCase ? b | 0x20 : b) !== word[k]) return false;
  }
  return true;
}

/** The index of the CR ending the line that starts at `from`, or `end`. */
function lineEndOf(buf: Buffer, from: number, end: number): number {
  const at = buf.indexOf(CR, from);
  return at < 0 || at > end ? end : at;
}

/** The decimal number in `buf[from, to)`; NaN unless it is 1 to 15 digits. */
function decimal(buf: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + digit(buf[i]);
  return n;
}

function digit(b: number | undefined): number {
  const c = (b ?? 0) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}
