import { randomBytes } from 'node:crypto';

/** The W3C trace context of the span a service is working in. */
export interface TraceContext {
  traceId: string;
  /** This service's span. */
  spanId: string;
  /** The caller's span, when the request carried a valid `traceparent`. */
  parentId: string | undefined;
  flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

function newId(bytes: number): string {
  let id: string;
  do id = randomBytes(bytes).toString('hex');
  while (/^0+$/.test(id));
  return id;
}

/**
 * Starts a server span: continues the caller's trace when `header` is a valid version-00
 * `traceparent`, otherwise starts a new sampled trace.
 */
export function startServerSpan(header: string | undefined): TraceContext {
  const m = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (m && m[1] !== ZERO_TRACE && m[2] !== ZERO_SPAN) {
    return { traceId: m[1]!, parentId: m[2]!, spanId: newId(8), flags: m[3]! };
  }
  return { traceId: newId(16), parentId: undefined, spanId: newId(8), flags: '01' };
}

/** The header value naming `ctx`'s span as the parent of whatever the receiver does. */
export function toTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}
