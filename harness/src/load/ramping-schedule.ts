import type { Schedule } from './schedule.js';

/** One stage of a ramp: the rate moves linearly to `target` req/s over `durationMs`. */
export interface RampStage {
  durationMs: number;
  target: number;
}

interface Segment {
  /** ms after t = 0 at which the segment starts. */
  startMs: number;
  /** s; Infinity for the hold after the last stage. */
  seconds: number;
  fromRate: number;
  toRate: number;
  /** Requests due before the segment starts (the integral of the rate up to startMs). */
  before: number;
}

/**
 * k6's `ramping-arrival-rate`: the rate goes linearly from the previous stage's target (the first
 * stage from `startRate`) to each stage's target over its duration, then holds the last target.
 * Request `i` is due at the moment the integral of the rate since t = 0 reaches `i`, so the count
 * in any window is the area under the rate curve, to within one request.
 *
 * Warm-up (negative indices) runs at `startRate`; with a start rate of 0 nothing is sent in it.
 */
export class RampingSchedule implements Schedule {
  private readonly segments: Segment[] = [];

  constructor(
    readonly startRate: number,
    stages: readonly RampStage[],
  ) {
    if (!(startRate >= 0) || !Number.isFinite(startRate)) {
      throw new RangeError(`start rate must be a number >= 0 requests per second, got ${startRate}`);
    }
    let startMs = 0;
    let before = 0;
    let from = startRate;
    for (const s of stages) {
      if (!(s.durationMs > 0) || !(s.target >= 0) || !Number.isFinite(s.target)) {
        throw new RangeError(
          `a ramp stage needs a duration > 0 and a target >= 0, got ${s.durationMs} ms to ${s.target}/s`,
        );
      }
      const seconds = s.durationMs / 1000;
      this.segments.push({ startMs, seconds, fromRate: from, toRate: s.target, before });
      before += ((from + s.target) / 2) * seconds;
      startMs += s.durationMs;
      from = s.target;
    }
    this.segments.push({ startMs, seconds: Infinity, fromRate: from, toRate: from, before });
  }

  offsetMs(i: number): number {
    if (i < 0) return this.startRate > 0 ? (i * 1000) / this.startRate : -Infinity;
    const seg = this.segmentOf(i);
    if (!seg) return Infinity;
    const n = i - seg.before;
    if (n === 0) return seg.startMs;
    if (seg.seconds === Infinity)
      return seg.fromRate > 0 ? seg.startMs + (n * 1000) / seg.fromRate : Infinity;
    // Solve r0·τ + a·τ² = n for τ with a = (r1 - r0) / 2D, in the form that stays exact when a → 0.
    const a = (seg.toRate - seg.fromRate) / (2 * seg.seconds);
    const root = Math.sqrt(Math.max(0, seg.fromRate * seg.fromRate + 4 * a * n));
    const tau = Math.min((2 * n) / (seg.fromRate + root), seg.seconds);
    return seg.startMs + tau * 1000;
  }

  secondOf(i: number): number {
    return Math.floor(this.offsetMs(i) / 1000);
  }

  firstIndexFrom(offsetMs: number): number {
    if (offsetMs <= 0) {
      if (this.startRate <= 0) return 0;
      let i = Math.ceil((offsetMs * this.startRate) / 1000);
      while (this.offsetMs(i) < offsetMs) i++;
      while (this.offsetMs(i - 1) >= offsetMs) i--;
      return i;
    }
    // The integral is monotonic in time: bisect on the index.
    let lo = 0;
    let hi = 1;
    while (this.offsetMs(hi) < offsetMs) hi *= 2;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetMs(mid) < offsetMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The segment in which request `i` (>= 0) falls; undefined once the rate has fallen to 0 for good. */
  private segmentOf(i: number): Segment | undefined {
    for (const seg of this.segments) {
      const count =
        seg.seconds === Infinity
          ? seg.fromRate > 0
            ? Infinity
            : 0
          : ((seg.fromRate + seg.toRate) / 2) * seg.seconds;
      if (i < seg.before + count) return seg;
    }
    return undefined;
  }
}
