/**
 * The arrival schedule of one route: request `i` is due `i / rate` seconds after t = 0.
 * Warm-up requests have negative indices. Due times are always computed from the index, never
 * by adding up intervals, so rounding errors cannot accumulate into drift.
 */
export class ArrivalSchedule {
  /** Milliseconds between two requests. */
  readonly intervalMs: number;

  constructor(readonly rate: number) {
    if (!(rate > 0) || !Number.isFinite(rate)) {
      throw new RangeError(`arrival rate must be a positive number of requests per second, got ${rate}`);
    }
    this.intervalMs = 1000 / rate;
  }

  /** ms after t = 0 at which request `i` is due. */
  offsetMs(i: number): number {
    return (i * 1000) / this.rate;
  }

  /**
   * The whole second of request `i`. The one function that assigns requests to seconds: it is
   * monotonic in `i`, so once the next index belongs to a later second, an earlier second can
   * receive no more requests.
   */
  secondOf(i: number): number {
    return Math.floor(i / this.rate);
  }

  /** The first index due at or after `offsetMs` (which may be negative, for warm-up). */
  firstIndexFrom(offsetMs: number): number {
    let i = Math.ceil((offsetMs * this.rate) / 1000);
    // Guard the float boundary both ways so that offsetMs(i) >= offsetMs > offsetMs(i - 1).
    while (this.offsetMs(i) < offsetMs) i++;
    while (this.offsetMs(i - 1) >= offsetMs) i--;
    return i;
  }
}
