import { systemClock, type Clock } from '../clock/index.js';

/** ms; measured at 1–2k req/s: p99 send error ~1.1 ms at 12–23 % of a core, against ~100 % when spinning below 1 ms. */
export const SPIN_BELOW_MS = 0.25;
/** ms before a send within which an idle run sleeps the thread instead of trusting a timer. */
export const BLOCK_BELOW_MS = 2;
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** How the run may wait for its next wake. */
export interface WaitMode {
  /** No request is in flight and no closed-loop route runs: no I/O of the run can be delayed. */
  idle: boolean;
  /** The last fraction of a millisecond may be waited out with immediates (a busy loop). */
  spin: boolean;
}

/**
 * The load run's one wake-up, at a time of its clock (performance.now() by default). Node timers count whole milliseconds
 * of a clock truncated to the millisecond, so `setTimeout(1)` fires anywhere from a fraction of
 * a millisecond to two later, and later still on a busy machine. So:
 * - when the run is idle (nothing in flight), a timer wakes it a millisecond early and the rest,
 *   under BLOCK_BELOW_MS, is slept with `Atomics.wait`, which the kernel ends to within tens of
 *   µs and which costs no CPU; no response of the run can arrive meanwhile, so none is timed late;
 * - with requests in flight, sleeping would delay their responses (and their latencies), so the
 *   last SPIN_BELOW_MS is waited out with immediates, which handle I/O between them — unless
 *   `spin` is off (high rates), where reads come about as often as sends are due and send them.
 */
export class WakeTimer {
  /** Cancels the armed timer; null when none is armed. */
  private timer: (() => void) | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private target = 0;

  constructor(
    private readonly onWake: () => void,
    /** Whether the run is still idle when a sleep is about to begin (a read may have sent since). */
    private readonly stillIdle: () => boolean = () => true,
    /** Reads the time and sets the timers (immediates and the final sleep are sub-millisecond). */
    private readonly clock: Clock = systemClock,
  ) {}

  /** The clock's time the timer is armed for; Infinity when disarmed. */
  get armedFor(): number {
    return this.timer || this.immediate ? this.target : Infinity;
  }

  arm(at: number, mode: WaitMode): void {
    this.disarm();
    this.target = at;
    // Nothing due and nothing in flight cannot happen; wake anyway rather than hang.
    const delay = Number.isFinite(at) ? at - this.clock.now() : 1000;
    if (delay <= 0) this.immediate = setImmediate(this.wake);
    else if (mode.idle) {
      if (delay < BLOCK_BELOW_MS) this.immediate = setImmediate(this.sleepThenWake);
      else this.timer = this.clock.setTimeout(this.wake, Math.max(1, Math.floor(delay) - 1));
    } else if (mode.spin && delay < SPIN_BELOW_MS) this.immediate = setImmediate(this.wake);
    else this.timer = this.clock.setTimeout(this.wake, Math.max(1, Math.floor(delay)));
  }

  disarm(): void {
    this.timer?.();
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = this.immediate = null;
  }

  private readonly wake = (): void => {
    this.timer = this.immediate = null;
    this.onWake();
  };

  private readonly sleepThenWake = (): void => {
    const rest = this.target - this.clock.now();
    if (rest > 0 && this.stillIdle()) Atomics.wait(SLEEPER, 0, 0, Math.min(rest, BLOCK_BELOW_MS));
    this.wake();
  };
}
