/**
 * Linux lets a sleep with a timeout end late by up to 0.1 % of that timeout (the kernel's timer
 * slack for ordinary tasks, `select_estimate_accuracy`), so a bare 2,000 ms setTimeout fires about
 * 2 ms late. A long wait therefore first aims this much early and then waits out the rest, whose
 * own slack is a few microseconds.
 */
const SLACK_FRACTION = 0.001;

/**
 * setTimeout that fires once `ms` have passed on the `performance.now()` clock: never before
 * (Node's timers run on a whole-millisecond loop clock and can fire up to ~1 ms early; a latency
 * toxic must not deliver before its time) and, for long waits, not the kernel's slack after.
 */
export function dueTimer(ms: number, fn: () => void): { cancel(): void } {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const fire = (): void => {
    const left = due - performance.now();
    if (left > 0) timer = setTimeout(fire, left);
    else fn();
  };
  const early = Math.ceil(ms * SLACK_FRACTION);
  timer = setTimeout(fire, early > 1 ? ms - early - 1 : ms);
  return { cancel: () => clearTimeout(timer) };
}
