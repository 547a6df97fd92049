import type { ProbeAnswer } from './probe-expectation.js';

/** Characters of an answer's body read for a JSON expectation: a probe reads a status, not a download. */
const MAX_BODY_CHARS = 64 * 1024;

/**
 * One GET of `url`: its status, and its parsed JSON body when `readJson` (undefined when the body
 * is not JSON), or why there was no answer within `timeoutMs`. `ms` is how long it took.
 */
export async function httpAnswer(
  url: string,
  timeoutMs: number,
  readJson: boolean,
): Promise<ProbeAnswer & { ms: number }> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await res.text()).slice(0, MAX_BODY_CHARS);
    const body = readJson ? parseJson(text) : undefined;
    return { ms: ms(), status: res.status, ...(body === undefined ? {} : { body }) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return {
      ms: ms(),
      error: e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.message),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
