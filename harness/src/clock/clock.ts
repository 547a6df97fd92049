/**
 * Where the harness reads time and sets timers, so that timing code can be tested without
 * sleeping (as testcontainers' retry takes a `Clock`). Times are ms on a monotonic scale: only
 * differences between two `now()` readings mean anything.
 */
export interface Clock {
  /** ms, monotonic (performance.now() for the system clock). */
  now(): number;
  /** Calls `fn` once `ms` have passed; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** Real time: performance.now() and Node's timers. */
export class SystemClock implements Clock {
  now(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }
}

/** The clock everything uses unless a test injects another. */
export const systemClock: Clock = new SystemClock();

/** Resolves after `ms` on `clock`; rejects with the signal's reason once `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      cancel();
      reject(signal!.reason as Error);
    };
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
