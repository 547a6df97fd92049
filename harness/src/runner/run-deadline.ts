import { systemClock, type Clock } from '../clock/index.js';
import { formatDuration, type Scenario } from '../scenario/index.js';
import type { RunSignal } from './task-runner.js';

/** Added to warm-up + duration for the default deadline: start-up, rollback and a slow machine. */
export const RUN_TIMEOUT_MARGIN_MS = 120_000;

/** The deadline of a run when none is given: warm-up + duration + {@link RUN_TIMEOUT_MARGIN_MS}. */
export function defaultRunTimeoutMs(scenario: Scenario): number {
  return scenario.load.warmupMs + scenario.load.durationMs + RUN_TIMEOUT_MARGIN_MS;
}

/**
 * A run's overall deadline: once `ms` have passed on `clock`, `signal` aborts with reason
 * `timeout`, which stops the run like any early end (the runner then rolls back). `signal` also
 * follows the caller's own signal (SIGINT/SIGTERM).
 */
export class RunDeadline implements RunSignal {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly cancel: () => void;

  constructor(
    readonly ms: number,
    outer: AbortSignal | undefined,
    log: (line: string) => void,
    clock: Clock = systemClock,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
    this.cancel = clock.setTimeout(() => {
      if (outer?.aborted) return;
      log(`${this.message}: stopping load and rolling back every fault`);
      this.controller.abort('timeout');
    }, ms);
  }

  get timedOut(): boolean {
    return this.controller.signal.aborted;
  }

  /** `timed out after 10m` */
  get message(): string {
    return `timed out after ${formatDuration(this.ms)}`;
  }

  /** Ends the deadline: what comes after (rollback, verdicts, reports) is not cut short. */
  dispose(): void {
    this.cancel();
  }
}
