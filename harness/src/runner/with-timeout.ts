/**
 * Settles as `work` does, or rejects with "`what` did not finish within `ms` ms" once `ms` have
 * passed, whichever comes first. `work` itself is not cancelled: a late result is the caller's to
 * handle (see `lateResult`).
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  lateResult?: (value: T) => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  void work.then(
    (value) => {
      if (timedOut) lateResult?.(value);
    },
    () => {},
  );
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
