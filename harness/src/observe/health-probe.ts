/**
 * One liveness probe: true when `url` answers 2xx within `timeoutMs`. Never rejects — a refused
 * connection, a reset or a timeout is simply "down".
 */
export async function probeHealth(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    // Drain the body, so the connection is released at once.
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
