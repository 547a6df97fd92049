import type { Proxy, ToxicDirection, ToxicType, Toxiproxy } from 'toxiproxy-node-client';
import type * as z from 'zod';

/** What every fault has, whatever its type: its name and window, ms since the end of warm-up. */
export interface FaultBase {
  name: string;
  /** ms since the start of measurement (end of warm-up) */
  atMs: number;
  forMs: number;
}

/** A fault on one edge `caller->upstream` of the mesh, acting through the edge's proxy. */
export interface EdgeFaultBase extends FaultBase {
  edge: string;
}

/** A fault on one service of the mesh, acting on its process or container. */
export interface ServiceFaultBase extends FaultBase {
  service: string;
}

/** A fault's parameters as results.json records them (`FaultEvent.params`), in the order shown. */
export type FaultParams = Record<string, string | number | boolean>;

/**
 * Everything about one fault type, in one file (see README.md for the contract):
 * - `schema` parses one entry of `faults:` with this `type` into the spec `S` (documented with
 *   `doc()` for `faultline schema` and docs/authoring.md);
 * - `describe` is the fault's line in `faultline plan` and in the terminal's fault chart;
 * - `params` is what results.json, the report and the effect check keep of the spec;
 * - `effect` is what a canary made right after applying the fault must show;
 * - `canaryBoundMs` is how long that canary waits;
 * - `action` is what applying changes, as data, for tools that drive Toxiproxy themselves;
 * - `apply` puts the fault in place and returns the only handle that undoes it.
 *
 * Members are methods, so a registry of different types can be checked against one shape.
 */
export interface FaultType<T extends string, S extends FaultBase & { type: T }, P extends FaultParams> {
  /** The YAML `type`, also the registry key. */
  readonly type: T;
  /** Discriminable by `type`, so the registry can join every schema into one union. */
  readonly schema: z.ZodType<S, unknown> & z.core.$ZodTypeDiscriminable;
  /** What the fault does and to what, without its window: `latency orders->payments +250ms`. */
  describe(spec: S): string;
  params(spec: S): P;
  readonly effect: FaultEffect<P>;
  /** ms the canary right after applying waits for an answer. */
  canaryBoundMs(spec: S): number;
  /**
   * Optional: the bytes of a canary request that meets the fault (an HTTP fault's `match`), sent
   * to the edge's proxy at `address`, or why no canary can meet it. Without it the canary sends
   * `GET <health path>`.
   */
  canaryRequest?(spec: S, address: string): { request: string } | { why: string };
  /** What `apply` changes; `apply` of a toxic fault adds exactly these toxics. */
  action(spec: S): FaultAction;
  apply(spec: S, ctx: FaultContext): Promise<ActiveFault>;
  /**
   * Optional ability: the command that undoes the fault, written to the run's ledger before
   * `apply` runs, so that `faultline cleanup` can run it after the runner was killed.
   */
  revertCommand?(spec: S, ctx: FaultContext): LedgerCommand;
  /** Optional ability: ms one apply and one revert may take, when the runner's defaults are too short. */
  timeLimitsMs?(spec: S): { applyMs: number; revertMs: number };
}

/** A command as the ledger keeps it, so it can be run again by another process. */
export interface LedgerCommand {
  argv: string[];
  timeoutMs: number;
  env: Record<string, string>;
  cwd?: string;
}

/**
 * What a fault's own check of its effect showed (an ability of faults that can check
 * themselves, such as `command` with a `verify`): judged by the `effect` verdict instead of the
 * canaries. `unproven` means nothing checked it: no verdict, and the report says so.
 */
export type FaultProof =
  | {
      status: 'proven' | 'disproven';
      /** What checked it: a command (`` `test -e m` ``) or a request (`GET http://…`). */
      by: string;
      /** What `by` had to show, after its name: `answers status 503`; absent, `exits 0`. */
      expects?: string;
      evidence: string;
    }
  | { status: 'unproven'; evidence: string };

/** One toxic to add, named `<toxicPrefix><suffix>` so faults sharing an edge never collide. */
export interface ToxicPlan {
  suffix: string;
  /** Toxiproxy's types, or the embedded server's HTTP toxics (which the client does not list). */
  type: ToxicType | 'http_error' | 'http_delay' | 'http_abort';
  stream: ToxicDirection;
  /** Share of connections the toxic applies to, drawn per connection; 1 unless the fault says. */
  toxicity?: number;
  /** As Toxiproxy's API: times in ms, rates in KB/s; HTTP toxics take strings and mappings too. */
  attributes: Record<string, unknown>;
}

/**
 * What applying a fault changes, as data, so that something other than faultline's runner (the
 * script of `faultline export k6`) can do the same through Toxiproxy's HTTP API:
 * - `toxics`: these toxics on the edge's proxy; removing them undoes the fault;
 * - `disable-proxy`: the edge's proxy disabled; enabling it undoes the fault;
 * - `service`: the service's process or container, which only the platform can reach;
 * - `command`: the user's own commands, which only the system's side can run.
 */
export type FaultAction =
  | { kind: 'toxics'; toxics: readonly ToxicPlan[] }
  | { kind: 'disable-proxy' }
  | { kind: 'service' }
  | { kind: 'command' };

/** How a canary ended; the probe's `CanaryResult` in results.json carries one. */
export type CanaryOutcome = 'answered' | 'timeout' | 'refused' | 'closed' | 'error';

/** The part of a canary an effect is judged on. */
export interface Canary {
  outcome: CanaryOutcome;
  /** ms from connecting to the first byte of the answer (or to giving up). */
  ms: number;
  /** The answer's HTTP status, when it had one. */
  status?: number;
}

/** What the canary after the fault showed: the effect, with the measured value, or why not. */
export type EffectJudgement =
  { shown: true; measured: number; note?: string } | { shown: false; why: string; measured?: number };

/** The effect a fault type must show, judged by the `effect` and `effect-traffic` verdicts. */
export interface FaultEffect<P extends FaultParams> {
  /** The verdict's limit, e.g. `refused` or `250 -62/+250 added`. */
  expected(params: P): string;
  /** Judges the canary after the fault against the one before it, which answered. */
  judge(before: Canary, after: Canary, params: P): EffectJudgement;
  /**
   * The fault refuses connections, so no byte crosses the edge while it lasts: the traffic
   * verdict then counts the bytes before it too, which show that callers use the edge.
   */
  readonly refusesConnections: boolean;
  /**
   * Optional: the fault is an HTTP toxic whose own counter of this name (`answered`, `delayed`,
   * `aborted`) counts the requests it acted on. The traffic verdict is then judged on that
   * count, read from the proxy before the revert, instead of on bytes.
   */
  readonly proxyCounter?: 'answered' | 'delayed' | 'aborted';
}

/** A fault in place; only `apply()` makes one. */
export interface ActiveFault {
  /** Human description of what is in place, for rollback messages. */
  readonly description: string;
  /** Undoes exactly what `apply()` did; safe to call twice, and again after a failure. */
  revert(): Promise<void>;
  /** What the fault's own check of its effect showed, for faults that check themselves. */
  readonly proof?: FaultProof;
}

/**
 * `apply()` failed after changing something it could not undo: `leftover` is the handle that
 * may still undo it, which the runner keeps on its teardown stack.
 */
export class PartlyAppliedError extends Error {
  constructor(
    message: string,
    readonly leftover: ActiveFault,
  ) {
    super(message);
  }
}

/** The part of a running service a fault acts on; the platform's started services have it. */
export interface FaultableService {
  readonly name: string;
  isRunning(): boolean;
  kill(): Promise<void>;
  restart(): Promise<void>;
  freeze(): Promise<void>;
  thaw(): Promise<void>;
}

/** What faults act on: the proxy server, the proxy name of each edge, and the running services. */
export interface FaultContext {
  toxiproxy: Toxiproxy;
  /** edge name `caller->upstream` → proxy name */
  proxies: ReadonlyMap<string, string>;
  /** edge name → the proxy object made at start-up; applying then needs no API call to find it. */
  proxyHandles?: ReadonlyMap<string, Proxy>;
  mesh: { service(name: string): FaultableService };
  /** Unique per applied fault, so toxics of two faults on one edge never collide. */
  toxicPrefix: string;
  /** The run's id and the folder commands run in (the scenario file's). */
  run?: { id: string; dir: string };
}

/**
 * Makes `revert` idempotent: once it has succeeded (or while it runs), another call does nothing
 * more. A failed revert is forgotten, so the runner can try it again.
 */
export function once(description: string, revert: () => Promise<void>): ActiveFault {
  let done: Promise<void> | undefined;
  const attempt = (): Promise<void> =>
    revert().catch((err: unknown) => {
      done = undefined;
      throw err;
    });
  return { description, revert: () => (done ??= attempt()) };
}
