import { sleep, systemClock, type Clock } from '../clock/index.js';
import { TeardownStack } from './teardown-stack.js';

/** How a task list ended, as Playwright's runner words it. */
export type TaskStatus = 'passed' | 'failed' | 'interrupted' | 'timedout';

/**
 * One step of a run. Its teardown goes on the stack before its setup starts, so it also runs
 * after a setup that failed or was cut short: it must undo whatever part of the setup happened.
 */
export interface Task {
  title: string;
  /** Does the step; `signal` aborts on SIGINT/SIGTERM and at the run's deadline. */
  setup(signal: AbortSignal): Promise<void>;
  /** Undoes the setup; may return failures of finer undo steps it ran itself. */
  teardown?(): Promise<void | string[]>;
  /** What the teardown does, for the line that says it failed (default: the title). */
  teardownTitle?: string;
}

export interface TaskListResult {
  status: TaskStatus;
  /** The task whose setup failed or was cut short; undefined when every setup finished. */
  stoppedIn?: string;
  /** Why a setup failed (status `failed`). */
  error?: unknown;
  /** What the teardowns could not undo, one line each. */
  teardownFailures: string[];
}

/**
 * A setup cut short by the signal gets this long (ms) to settle before the teardowns run, so that
 * they see everything it did. Setups take the signal and settle within milliseconds; this bounds
 * one that does not.
 */
export const SETTLE_MS = 5_000;

/**
 * The run's stop signal: aborts on SIGINT/SIGTERM (reason `SIGINT`/`SIGTERM`) and at the deadline
 * (reason `timeout`); `dispose()` ends the deadline once the setups are over.
 */
export interface RunSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Runs the tasks in order, each setup raced against the run's signal, then — the deadline ended,
 * so that rollback is never cut short — every registered teardown, newest first, whatever happened.
 */
export async function runTasks(
  tasks: readonly Task[],
  run: RunSignal,
  opts: { clock?: Clock; beforeTeardown?: () => void } = {},
): Promise<TaskListResult> {
  const { signal } = run;
  const clock = opts.clock ?? systemClock;
  const stack = new TeardownStack();
  let status: TaskStatus = 'passed';
  let stoppedIn: string | undefined;
  let error: unknown;
  for (const task of tasks) {
    if (signal.aborted) {
      [status, stoppedIn] = [abortStatus(signal), task.title];
      break;
    }
    const teardown = task.teardown;
    if (teardown) stack.push(task.teardownTitle ?? task.title, () => teardown.call(task));
    const outcome = await raceSignal(task.setup(signal), signal, clock);
    if (outcome === 'done') continue;
    stoppedIn = task.title;
    if (outcome === 'aborted' || signal.aborted) status = abortStatus(signal);
    else [status, error] = ['failed', outcome.error];
    break;
  }
  run.dispose();
  opts.beforeTeardown?.();
  return { status, stoppedIn, error, teardownFailures: await stack.unwind() };
}

type SetupOutcome = 'done' | 'aborted' | { error: unknown };

/** The setup's end, or `aborted` as soon as the signal is — after giving the setup SETTLE_MS to settle. */
async function raceSignal(setup: Promise<void>, signal: AbortSignal, clock: Clock): Promise<SetupOutcome> {
  const settled = setup.then(
    (): SetupOutcome => 'done',
    (error: unknown): SetupOutcome => ({ error }),
  );
  let onAbort = (): void => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const first = await Promise.race([settled, aborted]);
  signal.removeEventListener('abort', onAbort);
  if (first !== 'aborted') return first;
  const settleWait = new AbortController();
  await Promise.race([settled, sleep(clock, SETTLE_MS, settleWait.signal).catch(() => {})]);
  // The timer must not outlive the wait: it would hold the process open.
  settleWait.abort();
  return 'aborted';
}

function abortStatus(signal: AbortSignal): TaskStatus {
  return signal.reason === 'timeout' ? 'timedout' : 'interrupted';
}
