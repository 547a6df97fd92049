import { systemClock, type Clock } from '../clock/index.js';

/**
 * Settles as `work` does, or rejects with "`what` did not finish within `ms` ms" once `ms` have
 * passed on `clock`, whichever comes first. `work` itself is not cancelled: a late result is the
 * caller's to handle (see `lateResult`).
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  opts: { lateResult?: (value: T) => void; clock?: Clock } = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  let cancel = (): void => {};
  let timedOut = false;
  const limit = new Promise<never>((_, reject) => {
    cancel = clock.setTimeout(() => {
      timedOut = true;
      reject(new Error(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  void work.then(
    (value) => {
      if (timedOut) opts.lateResult?.(value);
    },
    () => {},
  );
  try {
    return await Promise.race([work, limit]);
  } finally {
    cancel();
  }
}
