import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `url` until it answers 2xx, `isAlive()` turns false, or `timeoutMs` passes.
 * Resolves true when ready, false on timeout (the caller words the error); rejects only when
 * `signal` aborts (SIGINT, SIGTERM, the run's deadline), at once, even mid-request.
 */
export async function waitReady(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const stopped = (): Error => new Error(`stopped waiting for ${url}: ${String(signal?.reason)}`);
  while (Date.now() < deadline && isAlive()) {
    if (signal?.aborted) throw stopped();
    const attempt = AbortSignal.timeout(1000);
    try {
      const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, attempt]) : attempt });
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // not listening yet, or aborted (checked above on the next round)
    }
    // 25 ms keeps start-up latency low without busy-looping two cores.
    await delay(25, undefined, { signal }).catch(() => {});
  }
  if (signal?.aborted) throw stopped();
  return false;
}
