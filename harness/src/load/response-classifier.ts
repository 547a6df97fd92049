import type { IncomingHttpHeaders } from 'node:http';
import type { DegradedRule, RouteSpec, StatusRange } from '../scenario/index.js';
import type { Outcome } from './second-recorder.js';

/** 2xx and 3xx succeed unless a route says otherwise. */
export const DEFAULT_SUCCESS: readonly StatusRange[] = [[200, 399]];

/** A JSON body is read for a `json` rule up to this many bytes; a longer one never matches. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * Decides how a response counts: success by the route's status ranges, otherwise a failure by
 * status class (5xx as `http5xx`; any other unsuccessful status, including a 2xx or 3xx that
 * the route excluded, as `http4xx`); and, among successes, whether the `degraded` rule matches.
 */
export class ResponseClassifier {
  private readonly success: readonly StatusRange[];
  private readonly rule: DegradedRule | undefined;
  /** Whether the rule needs the response body. */
  readonly needsBody: boolean;
  /** Whether the rule reads a response header. */
  readonly needsHeaders: boolean;
  readonly maxBodyBytes = MAX_BODY_BYTES;

  constructor(spec: Pick<RouteSpec, 'success' | 'degraded'>) {
    this.success = spec.success && spec.success.length > 0 ? spec.success : DEFAULT_SUCCESS;
    this.rule = spec.degraded;
    this.needsBody = this.rule !== undefined && 'json' in this.rule;
    this.needsHeaders = this.rule !== undefined && 'header' in this.rule;
  }

  outcome(status: number): Outcome {
    for (const [from, to] of this.success) if (status >= from && status <= to) return 'ok';
    return status >= 500 ? 'http5xx' : 'http4xx';
  }

  /** `headers` with lower-case names (as the response parser and Node give them); `body` only when `needsBody`. */
  isDegraded(
    headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
    body?: Buffer,
  ): boolean {
    const rule = this.rule;
    if (!rule) return false;
    if ('header' in rule) {
      const v = headers[rule.header.toLowerCase()];
      if (v === undefined) return false;
      if (rule.equals === undefined) return true;
      return (Array.isArray(v) ? v : [v]).some((x) => x.trim() === rule.equals);
    }
    if (!body || body.length === 0 || body.length > MAX_BODY_BYTES) return false;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return false;
    }
    for (const key of rule.json.split('.')) {
      if (value === null || typeof value !== 'object') return false;
      value = (value as Record<string, unknown>)[key];
    }
    return rule.equals === undefined ? value !== undefined : value === rule.equals;
  }
}
