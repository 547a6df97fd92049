import type { HttpPart } from './http-toxic.js';

/**
 * The contract every toxic keeps (the counterpart of Toxiproxy's CREATING_TOXICS.md).
 *
 * A toxic runs once per connection and per direction, as a `ToxicRunner` between the previous
 * stage (or the source socket) and the next stage (or the destination socket):
 * - it receives chunks through `write` and the source's EOF through `end`;
 * - it hands data onward with `out.push` and closes the link with `out.end` (the connection is
 *   then torn down in both directions; a toxic never half-closes);
 * - it never drops data by accident: whatever it holds when `stop()` is called (the toxic was
 *   updated, removed, or another toxic was appended after it) is handed onward at once or
 *   returned as backlog, and every timer it owns is cleared (except an uninterruptible wait,
 *   which reset_peer documents);
 * - it does no work per chunk beyond what its fault needs; a direction without toxics never
 *   reaches a runner at all.
 */

/** A piece of data in flight on one link, stamped with when the proxy read it. */
export interface Chunk {
  data: Buffer;
  /** ms on the `performance.now()` clock; latency is measured from this, not from the last send. */
  at: number;
  /** Where it sits in an HTTP exchange; only on proxies with an HTTP toxic (see http-toxic.ts). */
  http?: HttpPart;
}

/** Where a runner sends its output: the next toxic, or finally the destination socket. */
export interface ToxicOutput {
  push(chunk: Chunk): void;
  /** No more data: closes the link (idempotent). */
  end(): void;
}

/** What a stopped runner had not started on yet; the next runner (or stage) takes it over. */
export interface Backlog {
  chunks: Chunk[];
  /** The source's EOF was received but not yet passed on. */
  ended: boolean;
}

/** One toxic on one link. */
export interface ToxicRunner {
  write(chunk: Chunk): void;
  end(): void;
  stop(): Backlog;
  /** Only for runners whose `stop` leaves a wait running: clear it, the connection is gone. */
  abort?(): void;
  /** Chunks held in a queue; the link stops reading its source while its toxics hold too many. */
  buffered?(): number;
}

/** Integer attributes in the order Toxiproxy serialises them. */
export type ToxicAttributes = Record<string, number>;

/** What a toxic gets when it starts on a link. */
export interface ToxicContext {
  readonly attributes: ToxicAttributes;
  readonly out: ToxicOutput;
  /** The server's seeded PRNG, uniform in [0, 1). */
  readonly random: () => number;
  /** Per-connection, per-toxic state that survives updates (Toxiproxy's StatefulToxic). */
  readonly state: Record<string, number>;
}

/** Go integer kinds, for Go-compatible decode errors. */
export type GoIntKind = 'int' | 'int64';

/** One toxic type: its attributes, validation and runner factory. */
export interface ToxicType {
  readonly type: string;
  /** Go struct name, used in decode error messages (`LatencyToxic`). */
  readonly goName: string;
  /** Attribute names in serialisation order, with their Go integer kinds; each defaults to 0. */
  readonly attributes: readonly (readonly [name: string, kind: GoIntKind])[];
  /** A message for attribute values Toxiproxy would crash on; undefined when acceptable. */
  validate?(attributes: ToxicAttributes): string | undefined;
  start(ctx: ToxicContext): ToxicRunner;
}

/** Optional ability: removing the toxic closes the link it was on (Toxiproxy's CleanupToxic). */
export interface ClosesOnRemove {
  readonly closesOnRemove: true;
}

/** Optional ability: a connection accepted while this toxic exists is closed with RST. */
export interface ResetsOnClose {
  readonly resetsOnClose: true;
}

/**
 * Optional ability: the toxic never keeps a chunk past `write` (it passes, drops or cuts it at
 * once), so the link may read into the same buffer again once the destination took the bytes.
 */
export interface PassesAtOnce {
  readonly passesAtOnce: true;
}

export function passesAtOnce(t: object): boolean {
  return (t as Partial<PassesAtOnce>).passesAtOnce === true;
}

export function closesOnRemove(t: object): boolean {
  return (t as Partial<ClosesOnRemove>).closesOnRemove === true;
}

export function resetsOnClose(t: object): boolean {
  return (t as Partial<ResetsOnClose>).resetsOnClose === true;
}

/** A runner that passes everything through: used for `noop` and when toxicity says "not this connection". */
export function passThrough(out: ToxicOutput): ToxicRunner {
  return {
    write: (chunk) => out.push(chunk),
    end: () => out.end(),
    stop: () => ({ chunks: [], ended: false }),
  };
}
