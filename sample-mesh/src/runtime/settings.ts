/** Environment as services read it; tests pass a plain object. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The `MESH_*` switches: each turns one resilience policy off to make a broken variant. */
export interface PolicySwitches {
  breaker: boolean;
  timeout: boolean;
  retryBudget: boolean;
  bulkhead: boolean;
  fallback: boolean;
  outbox: boolean;
}

const SWITCH_VARS: Record<keyof PolicySwitches, string> = {
  breaker: 'MESH_BREAKER',
  timeout: 'MESH_TIMEOUT',
  retryBudget: 'MESH_RETRY_BUDGET',
  bulkhead: 'MESH_BULKHEAD',
  fallback: 'MESH_FALLBACK',
  outbox: 'MESH_OUTBOX',
};

/** Reads the switches; a policy is on unless its variable is `off` (or `0`, `false`). */
export function readSwitches(env: Env): PolicySwitches {
  const on = (name: string): boolean =>
    !['off', '0', 'false'].includes((env[name] ?? '').trim().toLowerCase());
  return Object.fromEntries(
    Object.entries(SWITCH_VARS).map(([k, v]) => [k, on(v)]),
  ) as unknown as PolicySwitches;
}

/** A number from the environment, or `fallback` when unset; anything else is a start-up error. */
export function envNumber(
  env: Env,
  name: string,
  fallback: number,
  opts: { min?: number; max?: number } = {},
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(`environment variable ${name}="${raw}" is not a number in [${min}, ${max}]`);
  }
  return n;
}
