/** A response as a test sees it, with the client-side duration. */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: unknown;
  ms: number;
}

/** Sends one JSON request (for tests); the body is parsed when it is JSON. */
export async function send(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  const started = performance.now();
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
}
