/**
 * Polls `url` until it answers 2xx, `isAlive()` turns false, or `timeoutMs` passes.
 * Resolves true when ready, false on timeout; rejects never (the caller words the error).
 */
export async function waitReady(url: string, timeoutMs: number, isAlive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    // 25 ms keeps start-up latency low without busy-looping two cores.
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
