import type { LatencyHistogram, RunResults } from '../results/index.js';
import { bucketSeconds, routeSeries, runSpanSeconds, type RouteSeries } from './downsample.js';
import { formatParams } from './format.js';
import {
  breakerSeries,
  serviceHealth,
  type BreakerSeries,
  type ServiceHealth,
} from './observation-series.js';

/** A fault lane of the timeline; times in seconds since t = 0. */
export interface FaultLane {
  name: string;
  type: string;
  target: string;
  params: string;
  scheduled: [number, number];
  /** When it was in effect; the end is the run's end if it was never reverted. */
  actual: [number, number] | null;
  reverted: boolean;
  error: string | null;
}

/**
 * What the report page's script draws: small, downsampled series only (never the raw histograms).
 * Every chart shares the x-axis `[0, spanS]` in seconds since t = 0.
 */
export interface ReportModel {
  spanS: number;
  bucketS: number;
  faults: FaultLane[];
  routes: RouteSeries[];
  breakers: BreakerSeries[];
  services: ServiceHealth[];
}

export function buildReportModel(results: RunResults, totals?: Map<string, LatencyHistogram>): ReportModel {
  const spanS = runSpanSeconds(results);
  const bucketS = bucketSeconds(spanS);
  return {
    spanS,
    bucketS,
    faults: results.faults.map((f) => ({
      name: f.name,
      type: f.type,
      target: f.target,
      params: formatParams(f.params),
      scheduled: [f.scheduledAtMs / 1000, f.scheduledEndMs / 1000],
      actual:
        f.appliedAtMs === null
          ? null
          : [f.appliedAtMs / 1000, (f.revertedAtMs ?? Math.max(f.appliedAtMs, spanS * 1000)) / 1000],
      reverted: f.revertedAtMs !== null,
      error: f.error ?? null,
    })),
    routes: routeSeries(results, bucketS, totals),
    breakers: breakerSeries(results, bucketS),
    services: serviceHealth(results, bucketS),
  };
}
