import { abortVerdict, checkAbort, type AbortTrigger, type ThresholdMap } from '../checks/index.js';
import type { FaultEvent, RouteSecond, Verdict } from '../results/index.js';

/**
 * Watches the `abort:` thresholds during the run: after each second of load it evaluates them
 * over everything recorded so far, and on the first failure aborts `signal`, which stops the
 * load (the runner then rolls back as after any early end). `signal` also follows the caller's
 * own signal (SIGINT/SIGTERM).
 */
export class AbortWatch {
  private readonly controller = new AbortController();
  private readonly recorded: RouteSecond[] = [];
  private trigger: AbortTrigger | undefined;
  readonly signal: AbortSignal;

  constructor(
    private readonly abort: Readonly<ThresholdMap>,
    outer: AbortSignal | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
  }

  /** Feeds one closed second (every route's entry); `faults` as they stand now. */
  onSecond(seconds: readonly RouteSecond[], faults: readonly FaultEvent[]): void {
    if (this.trigger || Object.keys(this.abort).length === 0) return;
    this.recorded.push(...seconds);
    const trigger = checkAbort({ seconds: this.recorded, faults }, this.abort);
    if (!trigger) return;
    this.trigger = trigger;
    this.log(`abort: ${trigger.threshold.name} failed at t=${trigger.t}s; stopping the run`);
    this.controller.abort('abort');
  }

  /** The `abort` verdict, when the scenario has abort thresholds. */
  verdicts(seconds: readonly RouteSecond[]): Verdict[] {
    if (Object.keys(this.abort).length === 0) return [];
    return [abortVerdict(this.trigger, new Set(seconds.map((s) => s.t)).size)];
  }
}
