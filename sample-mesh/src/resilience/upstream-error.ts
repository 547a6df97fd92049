/** Why a call to an upstream produced no usable answer. */
export type UpstreamFailure =
  'server_error' | 'timeout' | 'network_error' | 'cancelled' | 'short_circuited' | 'bulkhead_rejected';

/** A response from an upstream, body parsed as JSON when it says so. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const RETRYABLE: ReadonlySet<UpstreamFailure> = new Set(['server_error', 'timeout', 'network_error']);

/** The one error an `UpstreamClient` throws; `response` is set for `server_error`. */
export class UpstreamError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly upstream: string,
    readonly failure: UpstreamFailure,
    readonly attempt: number,
    readonly response?: UpstreamResponse,
    options?: { cause?: unknown },
  ) {
    super(`${upstream}: ${failure}${response ? ` (HTTP ${response.status})` : ''}`, options);
    this.name = 'UpstreamError';
    this.retryable = RETRYABLE.has(failure);
  }
}

/** Thrown inside the policy chain for a 5xx, so the breaker and retry see it as a failure. */
export class ServerErrorResponse extends Error {
  constructor(readonly response: UpstreamResponse) {
    super(`HTTP ${response.status}`);
  }
}
