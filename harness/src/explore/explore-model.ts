import type { FaultEffectEvidence, InstrumentReadings, WindowStats } from '../results/index.js';
import type { ExploreSpec, FaultSpec } from '../scenario/index.js';

/** Version of explore.json; bumped on an incompatible change. */
export const EXPLORE_SCHEMA_VERSION = 1;

/**
 * A cell of the resilience map, one fault against one route: `pass` the route met its steady
 * state, `degraded` it met it with fallback answers (the route's `degraded` rule), `fail` it did
 * not (or did not recover), `inconclusive` the fault did not take effect, the route completed
 * nothing to judge, or the machine was too busy to measure during the fault's window.
 */
export type CellStatus = 'pass' | 'degraded' | 'fail' | 'inconclusive';

/** How an exploration ended, as a run's outcome. */
export type ExploreOutcome = 'passed' | 'failed' | 'inconclusive' | 'error' | 'interrupted';

export interface ExploreCell {
  route: string;
  status: CellStatus;
  /** Over the seconds overlapping the fault; null without completed requests. */
  during: WindowStats & { degraded: number };
  /** During minus the baseline; null when either is unknown. */
  addedP99Ms: number | null;
  addedErrorRate: number | null;
  /** ms from the revert until the route met its steady state again; null if it did not. */
  recoveryMs: number | null;
  /** Each SLO expression's measurement, and why the cell has its status. */
  evidence: string;
  /** Per second of the fault and recovery windows, for the cell's chart: t (s since the fault), p99 ms, error rate. */
  series: { t: number; p99Ms: number | null; errorRate: number | null }[];
}

/** One explored fault: what was broken, whether it took effect, and the cells of every route. */
export interface ExploreRow {
  /** `type target`, e.g. `latency orders->payments` (a pair: `a + b`); unique in the map. */
  id: string;
  fault: FaultSpec;
  /** The second fault of a pair (`--depth 2`), in place together with `fault`. */
  pair?: FaultSpec;
  status: CellStatus;
  /** ms since the start of the exploration. */
  appliedAtMs: number | null;
  revertedAtMs: number | null;
  /** Whether the evidence shows the fault took effect, and that evidence. */
  effect: { confirmed: boolean; evidence: string[]; raw?: FaultEffectEvidence };
  /** ms from the revert until every route met the steady state; null if the limit passed. */
  recoveryMs: number | null;
  /** The steady state did not return within the limit, so the mesh was started again after this fault. */
  restarted: boolean;
  /**
   * The harness's own measurement quality over the fault's window (from just before it was
   * applied until the steady state held again), judged with a run's instrument limits: past any
   * of them, every cell of the row is inconclusive. Absent in maps written before it was kept.
   */
  instrument?: RowInstrument;
  /** Routes whose cell is not `pass` or `degraded`: how far the fault reached. */
  blastRadius: string[];
  cells: ExploreCell[];
  /** For a failing row: the replayable scenario file, relative to the output folder. */
  replay?: string;
  error?: string;
}

/** The instrument readings of one row's window, and what in them was past a limit. */
export interface RowInstrument {
  /**
   * As a run's results.json `instrument`, over the fault's window; the proxy's loop delay is the
   * upper bound of the bucket holding its p99 (null for a proxy that is not faultline's own).
   */
  readings: InstrumentReadings;
  /** The evidence of each reading past its limit (`the machine was too busy to measure …`); empty when none. */
  tooBusy: string[];
}

/** A cell not explored, and why (budget, interrupt, shard, a steady state that never held). */
export interface LeftOut {
  id: string;
  reason: string;
}

/** explore.json: the resilience map and everything it was judged from. */
export interface ExploreResults {
  schemaVersion: number;
  kind: 'explore';
  id: string;
  scenario: { name: string; file: string; seed: number };
  mesh: string;
  platform: string;
  startedAt: string;
  endedAt: string;
  /** Seeds the order in which faults are tried. */
  seed: number;
  settings: ExploreSpec;
  /** route → the SLO expressions of its steady state. */
  steadyState: Record<string, string[]>;
  routes: string[];
  /** Every single fault of the exploration (all shards), by id, in the map's order. */
  faults: string[];
  baseline: Record<string, WindowStats>;
  rows: ExploreRow[];
  leftOut: LeftOut[];
  /** 1: single faults; 2: single faults, then pairs pruned as Filibuster does. */
  depth: 1 | 2;
  /** With depth 2: the pairs judged (rows whose `pair` is set) and those pruned, with the reason. */
  pairs?: { tried: number; skipped: { id: string; reason: string }[] };
  /** How many times the mesh was started again because the steady state did not return. */
  restarts: number;
  outcome: ExploreOutcome;
  exitCode: number;
  errors: string[];
  shard?: { index: number; count: number };
}
