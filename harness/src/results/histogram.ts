import * as hdr from 'hdr-histogram-js';
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
  for (const e of encoded) if (e) total.add(decodeHistogram(e));
  return total;
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
