/**
 * HTTP/1.1 framing: cuts one direction of a connection into message heads and bodies without
 * changing a byte (the pieces, concatenated, are exactly the input). Knows keep-alive,
 * pipelining, content-length and chunked bodies, bodiless responses (HEAD, 1xx, 204, 304) and
 * read-until-close responses. From the first byte it cannot parse, and after an `Upgrade` or
 * `CONNECT` exchange, every further byte is a `raw` piece: the connection then passes untouched.
 */

/** A parsed head. Header names are lower-case; values are trimmed. */
export interface MessageHead {
  /** Request method; '' for a response. */
  readonly method: string;
  /** Request target; '' for a response. */
  readonly target: string;
  /** Response status; 0 for a request. */
  readonly status: number;
  readonly headers: readonly (readonly [name: string, value: string])[];
}

export type Piece =
  /** `last`: the message has no body, so it ends with its head. */
  | { readonly kind: 'head'; readonly data: Buffer; readonly head: MessageHead; readonly last: boolean }
  | { readonly kind: 'body'; readonly data: Buffer; readonly last: boolean }
  | { readonly kind: 'raw'; readonly data: Buffer };

export type Role = 'request' | 'response';

type State =
  'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'until-close' | 'raw';

/** A head (or a chunk-size or trailer line) longer than this is not parsed: the connection goes raw. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 8 * 1024;

const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]";
/** Field text: no control character but tab (built from a string: eslint refuses them in literals). */
const TEXT = '[^\\x00-\\x08\\x0a-\\x1f\\x7f]';
const REQUEST_LINE = new RegExp(`^(${TOKEN}+) ([\\x21-\\x7e]+) HTTP/1\\.[01]$`);
const STATUS_LINE = new RegExp(`^HTTP/1\\.[01] ([1-9]\\d\\d)(?: ${TEXT}*)?$`);
const HEADER_LINE = new RegExp(`^(${TOKEN}+):[ \\t]*(${TEXT}*?)[ \\t]*$`);
/** What a request or status line can start with, for a head that has not arrived whole. */
const REQUEST_PREFIX = new RegExp(`^${TOKEN}*(?: [\\x21-\\x7e]*(?: [HTP/1.01]{0,8})?)?\\r?$`);
const STATUS_PREFIX = new RegExp(`^(?:H(?:T(?:T(?:P(?:/(?:1(?:\\.(?:[01](?: ${TEXT}*)?)?)?)?)?)?)?)?)?\\r?$`);
const HEADER_PREFIX = new RegExp(`^${TOKEN}*(?::${TEXT}*)?\\r?$`);
const CHUNK_SIZE = /^([0-9a-fA-F]{1,12})[ \t]*(?:;[^\r\n]*)?$/;

const CR = 13;
const LF = 10;

/** How the body of a message is delimited, and what follows the message. */
interface BodyFraming {
  readonly state: State;
  readonly length: number;
  /** The connection stops being HTTP after this message (Upgrade, CONNECT, 101). */
  readonly thenRaw: boolean;
}

function headerValues(head: MessageHead, name: string): string[] {
  const values: string[] = [];
  for (const [n, v] of head.headers) if (n === name) values.push(v);
  return values;
}

function requestFraming(head: MessageHead): BodyFraming | undefined {
  const thenRaw = head.method === 'CONNECT' || headerValues(head, 'upgrade').length > 0;
  const te = headerValues(head, 'transfer-encoding');
  const cl = headerValues(head, 'content-length');
  if (te.length > 0) {
    // Both, or a coding other than a final chunked, is how requests are smuggled: do not guess.
    if (cl.length > 0 || te.join(',').trim().toLowerCase() !== 'chunked') return undefined;
    return { state: 'chunk-size', length: 0, thenRaw };
  }
  return lengthFraming(cl, thenRaw) ?? undefined;
}

function lengthFraming(cl: string[], thenRaw: boolean): BodyFraming | undefined | null {
  if (cl.length === 0) return { state: 'head', length: 0, thenRaw };
  const [one] = cl;
  const values =
    cl.length === 1 && one && !one.includes(',')
      ? [one]
      : [
          ...new Set(
            cl
              .join(',')
              .split(',')
              .map((v) => v.trim()),
          ),
        ];
  const only = values[0];
  if (values.length !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) return null;
  const length = Number(only);
  return { state: length === 0 ? 'head' : 'length', length, thenRaw };
}

function responseFraming(head: MessageHead, requestMethod: string): BodyFraming | undefined {
  const s = head.status;
  if (s === 101) return { state: 'head', length: 0, thenRaw: true };
  if (requestMethod === 'CONNECT' && s >= 200 && s < 300) return { state: 'head', length: 0, thenRaw: true };
  if (s < 200 || s === 204 || s === 304 || requestMethod === 'HEAD')
    return { state: 'head', length: 0, thenRaw: false };
  const te = headerValues(head, 'transfer-encoding');
  if (te.length > 0) {
    const last = te.join(',').split(',').at(-1)?.trim().toLowerCase();
    return { state: last === 'chunked' ? 'chunk-size' : 'until-close', length: 0, thenRaw: false };
  }
  const cl = headerValues(head, 'content-length');
  if (cl.length === 0) return { state: 'until-close', length: 0, thenRaw: false };
  return lengthFraming(cl, false) ?? undefined;
}

/** Every header line of a head, each with its CRLF: one regex call validates them all. */
const HEADER_BLOCK = new RegExp(`^(?:${TOKEN}+:${TEXT}*\\r\\n)*$`);
const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');

/** One pass over the head's lines (a hot path: every framed message goes through it). */
function parseHead(text: string, role: Role): MessageHead | undefined {
  let eol = text.indexOf('\r\n');
  if (eol < 0) eol = text.length;
  const first = text.slice(0, eol);
  const headers: [string, string][] = [];
  let at = eol + 2;
  if (at < text.length && !HEADER_BLOCK.test(text.slice(at) + '\r\n')) return undefined;
  while (at < text.length) {
    let end = text.indexOf('\r\n', at);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', at);
    if (colon < 0 || colon >= end) return undefined;
    const name = text.slice(at, colon);
    let from = colon + 1;
    let to = end;
    while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
    while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
    const value = text.slice(from, to);
    headers.push([name.toLowerCase(), value]);
    at = end + 2;
  }
  if (role === 'request') {
    const m = REQUEST_LINE.exec(first);
    return m ? { method: m[1] ?? '', target: m[2] ?? '', status: 0, headers } : undefined;
  }
  const m = STATUS_LINE.exec(first);
  return m ? { method: '', target: '', status: Number(m[1]), headers } : undefined;
}

/** Whether `text` (a head without its final blank line) can still become a valid head. */
function couldBeHead(text: string, role: Role): boolean {
  if (text.length > MAX_HEAD_BYTES) return false;
  const lines = text.split('\r\n');
  const partial = lines.pop() ?? '';
  if (lines.length === 0) return (role === 'request' ? REQUEST_PREFIX : STATUS_PREFIX).test(partial);
  const first = lines[0] ?? '';
  if (!(role === 'request' ? REQUEST_LINE : STATUS_LINE).test(first)) return false;
  return lines.slice(1).every((l) => HEADER_LINE.test(l)) && HEADER_PREFIX.test(partial);
}

/** One direction's framing state. `feed` never throws. */
export class HttpFramer {
  private state: State = 'head';
  private held: Buffer | undefined;
  private remaining = 0;
  private line = '';
  private thenRaw = false;

  /**
   * @param requestMethod for a response: the method of the request it answers (HEAD and
   *   CONNECT change its framing)
   * @param resync the stream may be mid-message (the toxic came while the connection was open):
   *   bytes pass raw until a chunk starts like a head
   */
  constructor(
    private readonly role: Role,
    private readonly requestMethod: () => string = () => 'GET',
    private resync = false,
  ) {}

  /** The framer gave up: every further byte is raw. */
  get raw(): boolean {
    return this.state === 'raw';
  }

  feed(data: Buffer): Piece[] {
    const out: Piece[] = [];
    let i = 0;
    while (i < data.length) {
      if (this.state === 'raw') {
        out.push({ kind: 'raw', data: i === 0 ? data : data.subarray(i) });
        break;
      }
      i = this.state === 'head' ? this.readHead(data, i, out) : this.readBody(data, i, out);
    }
    return out;
  }

  /** The input ended: a head still incomplete passes as it came. */
  end(): Piece[] {
    const held = this.held;
    this.held = undefined;
    return held ? [{ kind: 'raw', data: held }] : [];
  }

  private readHead(data: Buffer, i: number, out: Piece[]): number {
    let buf = i === 0 ? data : data.subarray(i);
    let from = 0;
    if (this.held) {
      from = Math.max(0, this.held.length - 3);
      buf = Buffer.concat([this.held, buf]);
    } else if (this.resync) {
      if (!this.looksLikeStart(buf)) {
        out.push({ kind: 'raw', data: buf });
        return data.length;
      }
      this.resync = false;
    }
    const end = buf.indexOf(END_OF_HEAD, from);
    if (end < 0) {
      if (couldBeHead(buf.toString('latin1'), this.role)) {
        this.held = this.held ? buf : Buffer.from(buf);
        return data.length;
      }
      return this.giveUp(buf, out, data.length);
    }
    const headBytes = buf.subarray(0, end + 4);
    const consumed = i + headBytes.length - (this.held?.length ?? 0);
    this.held = undefined;
    const head = end + 4 <= MAX_HEAD_BYTES ? parseHead(buf.toString('latin1', 0, end), this.role) : undefined;
    const framing =
      head && (this.role === 'request' ? requestFraming(head) : responseFraming(head, this.requestMethod()));
    if (!head || !framing) return this.giveUp(buf, out, data.length);
    this.state = framing.state;
    this.remaining = framing.length;
    this.thenRaw = framing.thenRaw;
    this.line = '';
    const last = framing.state === 'head';
    out.push({ kind: 'head', data: headBytes, head, last });
    if (last && framing.thenRaw) this.state = 'raw';
    return consumed;
  }

  private looksLikeStart(buf: Buffer): boolean {
    const start = buf.toString('latin1', 0, Math.min(buf.length, 16));
    return this.role === 'request' ? /^[A-Z]+ [\x21-\x7e]/.test(start) : start.startsWith('HTTP/1.');
  }

  /** From here on the connection is not parsed: what was held and the rest pass raw. */
  private giveUp(bytes: Buffer, out: Piece[], consumedTo: number): number {
    this.held = undefined;
    this.state = 'raw';
    out.push({ kind: 'raw', data: bytes });
    return consumedTo;
  }

  private readBody(data: Buffer, i: number, out: Piece[]): number {
    const start = i;
    let last = false;
    let bad = -1;
    scan: while (i < data.length) {
      switch (this.state) {
        case 'until-close':
          i = data.length;
          break;
        case 'length':
        case 'chunk-data': {
          const n = Math.min(this.remaining, data.length - i);
          i += n;
          this.remaining -= n;
          if (this.remaining > 0) break;
          if (this.state === 'length') {
            last = true;
            break scan;
          }
          this.state = 'chunk-crlf';
          this.remaining = 2;
          break;
        }
        case 'chunk-crlf':
          if (data[i] !== (this.remaining === 2 ? CR : LF)) {
            bad = i;
            break scan;
          }
          i++;
          if (--this.remaining === 0) this.state = 'chunk-size';
          break;
        case 'chunk-size':
        case 'trailer': {
          const c = data[i] ?? 0;
          if (c !== LF) {
            this.line += String.fromCharCode(c);
            i++;
            if (this.line.length > MAX_LINE_BYTES) {
              bad = i - 1;
              break scan;
            }
            break;
          }
          const line = this.line;
          this.line = '';
          if (!line.endsWith('\r')) {
            bad = i;
            break scan;
          }
          i++;
          const text = line.slice(0, -1);
          if (this.state === 'trailer') {
            if (text === '') {
              last = true;
              break scan;
            }
            if (!HEADER_LINE.test(text)) {
              bad = i - 1;
              break scan;
            }
            break;
          }
          const m = CHUNK_SIZE.exec(text);
          if (!m) {
            bad = i - 1;
            break scan;
          }
          this.remaining = parseInt(m[1] ?? '0', 16);
          this.state = this.remaining === 0 ? 'trailer' : 'chunk-data';
          break;
        }
        default:
          break scan;
      }
    }
    if (bad >= 0) {
      // The bytes of a line already passed as body; from the bad byte on, everything is raw.
      if (bad > start) out.push({ kind: 'body', data: data.subarray(start, bad), last: false });
      this.state = 'raw';
      out.push({ kind: 'raw', data: data.subarray(bad) });
      return data.length;
    }
    out.push({ kind: 'body', data: data.subarray(start, i), last });
    if (last) this.state = this.thenRaw ? 'raw' : 'head';
    return i;
  }
}
