import { startedChildren } from '../children/index.js';

/** ms; signals this close to the first count as one (see {@link InterruptLatch}). */
export const COALESCE_MS = 1000;

/** What a signal means at the moment it arrives. */
export type InterruptAction = 'abort' | 'same' | 'force';

/**
 * Decides what each SIGINT/SIGTERM means: the first aborts the run; any within
 * {@link COALESCE_MS} of it are the same interrupt (a terminal, `timeout --foreground` or a
 * process manager may deliver one Ctrl-C twice, milliseconds apart); a later one forces the exit.
 * Pure: the time of each signal is given.
 */
export class InterruptLatch {
  private firstAtMs: number | undefined;

  constructor(private readonly coalesceMs = COALESCE_MS) {}

  receive(nowMs: number): InterruptAction {
    if (this.firstAtMs === undefined) {
      this.firstAtMs = nowMs;
      return 'abort';
    }
    return nowMs - this.firstAtMs < this.coalesceMs ? 'same' : 'force';
  }
}

/**
 * The first SIGINT or SIGTERM aborts the run (which then rolls back and reports); signals within
 * a second of it are the same interrupt; a later one kills every child process faultline started,
 * synchronously, and exits at once (130, or 143 for SIGTERM).
 */
export function onInterrupt(log: (line: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const latch = new InterruptLatch();
  const handler = (sig: NodeJS.Signals): void => {
    const action = latch.receive(performance.now());
    if (action === 'abort') {
      log(`${sig} received: stopping load and rolling back every fault (press Ctrl-C again to force exit)`);
      controller.abort(sig);
      return;
    }
    if (action === 'same') return;
    const killed = startedChildren.killAll();
    process.stderr.write(
      `faultline: forced exit; killed ${killed.length} process group(s) this run started; ` +
        'run `faultline cleanup` to undo what may remain outside them (containers, faults on a Toxiproxy of your own)\n',
    );
    process.exit(sig === 'SIGTERM' ? 143 : 130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
