/**
 * setTimeout that never fires before `ms` have passed on the `performance.now()` clock. Node's
 * timers run on a whole-millisecond loop clock and can fire up to ~1 ms early; a latency toxic
 * must not deliver before its time.
 */
export function dueTimer(ms: number, fn: () => void): { cancel(): void } {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const fire = (): void => {
    const left = due - performance.now();
    if (left > 0) timer = setTimeout(fire, left);
    else fn();
  };
  timer = setTimeout(fire, ms);
  return { cancel: () => clearTimeout(timer) };
}
