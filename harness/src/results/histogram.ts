import * as hdr from 'hdr-histogram-js';
import { inflateSync } from 'node:zlib';
import type { LatencySummary } from './model.js';

/** Latencies are recorded in µs; one hour is far above any request timeout we allow. */
const HIGHEST_US = 3_600_000_000;

export type LatencyHistogram = hdr.Histogram;

export function newHistogram(): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
}

export function encodeHistogram(h: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded) as LatencyHistogram;
}

/** Merges encoded histograms; percentiles of a window come from this, never from averaging. */
export function mergeHistograms(encoded: Iterable<string>): LatencyHistogram {
  const total = newHistogram();
  for (const e of encoded) if (e) addEncoded(total, e);
  return total;
}

/** HdrHistogram's V2 encoding cookies, without their word-size bits (0xf0). */
const V2_COOKIE = 0x1c849303;
const V2_COMPRESSED_COOKIE = 0x1c849304;
/** Bytes of the V2 header before the counts: cookie, payload length, index offset, digits, lowest, highest, ratio. */
const V2_HEADER_BYTES = 40;

/**
 * Adds an encoded histogram's counts to `into`, as `into.add(decodeHistogram(encoded))` does,
 * without building a histogram for it: decoding allocates a full counts array (~92 KB) per
 * second of a route, and a report merging every second of a long run that way churned tens of MB
 * of array buffers faster than V8 reclaimed them. Counts go in at the lowest value of their bucket
 * and the maximum becomes the highest value of the top bucket, as after decoding.
 */
export function addEncoded(into: LatencyHistogram, encoded: string): void {
  const packed = Buffer.from(encoded.trim(), 'base64');
  if (packed.length < 8 || (packed.readInt32BE(0) & ~0xf0) !== V2_COMPRESSED_COOKIE)
    throw new Error('not a compressed V2 HdrHistogram encoding');
  // A small output chunk: the default 16 KB per call, for payloads of a few hundred bytes, added up
  // to MBs while a long run's seconds were merged.
  const raw = inflateSync(packed.subarray(8, 8 + packed.readInt32BE(4)), { chunkSize: 1024 });
  if (raw.length < V2_HEADER_BYTES || (raw.readInt32BE(0) & ~0xf0) !== V2_COOKIE)
    throw new Error('not a V2 HdrHistogram encoding');
  const end = Math.min(raw.length, V2_HEADER_BYTES + raw.readInt32BE(4));
  const digits = raw.readInt32BE(12);
  const unitMagnitude = Math.floor(Math.log2(Number(raw.readBigInt64BE(16))));
  const half = 2 ** (Math.ceil(Math.log2(2 * 10 ** digits)) - 1);
  // The counts array's index → the lowest value of that bucket (hdr's valueFromIndex).
  const lowestAt = (index: number): number => {
    const bucket = Math.floor(index / half) - 1;
    const sub = (index % half) + half;
    return bucket < 0 ? (sub - half) * 2 ** unitMagnitude : sub * 2 ** (bucket + unitMagnitude);
  };
  const highestAt = (index: number): number =>
    lowestAt(index) + 2 ** (Math.max(0, Math.floor(index / half) - 1) + unitMagnitude) - 1;
  let top = -1;
  let index = 0;
  let pos = V2_HEADER_BYTES;
  while (pos < end) {
    // ZigZag LEB128, at most 9 bytes: a count, or a negative run of empty buckets.
    let zz = 0;
    let scale = 1;
    for (let i = 0; i < 9; i++) {
      const byte = raw[pos++] ?? 0;
      zz += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) break;
    }
    const n = zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2;
    if (n < 0) index -= n;
    else {
      if (n > 0) {
        into.recordValueWithCount(lowestAt(index), n);
        top = index;
      }
      index++;
    }
  }
  if (top >= 0) into.recordValueWithCount(highestAt(top), 0);
}

/** Summary in ms of a histogram recorded in µs. */
export function summarize(h: LatencyHistogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, min: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue),
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
  };
}
