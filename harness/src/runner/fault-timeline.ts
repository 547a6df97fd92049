import { sleep, systemClock, type Clock } from '../clock/index.js';
import {
  applyFault,
  faultParams,
  faultRevertCommand,
  faultTarget,
  faultTimeLimitsMs,
  PartlyAppliedError,
  type ActiveFault,
  type FaultContext,
} from '../faults/index.js';
import type { FaultEvent } from '../results/index.js';
import type { FaultSpec } from '../scenario/index.js';
import type { FaultProbe } from './fault-probe.js';
import type { LedgerEntry } from './run-ledger.js';
import type { TeardownStack } from './teardown-stack.js';
import { withTimeout } from './with-timeout.js';

/**
 * ms before a fault's start at which its probe makes the "before" canary. The apply never waits
 * for it (a canary competing with the load would delay the fault); it is bounded to end in time.
 */
const PROBE_LEAD_MS = 600;

/**
 * How long one apply and one revert may take, and how often a failed revert is tried before the
 * timeline gives up on it (the teardown stack then tries again at the end of the run). A revert
 * may restart a service, so its limit must exceed the platform's ready timeout.
 */
export interface FaultTimeLimits {
  applyMs: number;
  revertMs: number;
  revertAttempts: number;
}

export const DEFAULT_FAULT_TIME_LIMITS: FaultTimeLimits = {
  applyMs: 10_000,
  revertMs: 20_000,
  revertAttempts: 3,
};

/** ms between two revert attempts: long enough for a restarting process or API to come back. */
const REVERT_RETRY_DELAY_MS = 250;

/**
 * Applies and reverts the scenario's faults at their offsets from t0, recording when each really
 * took effect. Every applied fault also goes on the teardown stack, so it is reverted even if its
 * scheduled revert never runs or fails (an error, a signal, a run cut short). Every apply and
 * revert is bounded in time, so a hung call never holds up the timeline or the rollback; a failed
 * revert is retried at once and again by the teardown stack.
 */
export class FaultTimeline {
  readonly events: FaultEvent[];
  private readonly timers: (() => void)[] = [];
  private readonly pending = new Set<Promise<void>>();
  private cancelled = false;
  /** "Before" probes that could not start their full lead ahead of the apply (a fault at the very start). */
  private readonly lateProbes = new Map<FaultEvent, Promise<void>>();

  constructor(
    private readonly faults: readonly FaultSpec[],
    private readonly ctx: Omit<FaultContext, 'toxicPrefix'>,
    private readonly stack: TeardownStack,
    private readonly log: (line: string) => void,
    private readonly record: (entry: LedgerEntry) => void,
    /** Gathers the evidence that each fault took effect (on `event.effect`). */
    private readonly probe?: FaultProbe,
    private readonly limits: FaultTimeLimits = DEFAULT_FAULT_TIME_LIMITS,
    private readonly clock: Clock = systemClock,
  ) {
    this.events = faults.map((f) => ({
      name: f.name,
      type: f.type,
      target: faultTarget(f),
      params: faultParams(f),
      scheduledAtMs: f.atMs,
      scheduledEndMs: f.atMs + f.forMs,
      appliedAtMs: null,
      revertedAtMs: null,
    }));
  }

  /** Asked before each apply; once it says no, no fault is applied (see SteadyStateGate). */
  private gate: () => boolean = () => true;

  /** Makes each apply wait on `gate`'s permission: a fault the gate refuses is never applied. */
  guard(gate: () => boolean): void {
    this.gate = gate;
  }

  /** Schedules every fault relative to `t0` (a time of the timeline's clock). */
  start(t0: number): void {
    const now = (): number => Math.round(this.clock.now() - t0);
    this.faults.forEach((fault, i) => {
      const event = this.events[i]!;
      const probe = this.probe;
      if (probe) {
        const short = t0 + fault.atMs - PROBE_LEAD_MS < this.clock.now();
        this.after(
          t0 + fault.atMs - PROBE_LEAD_MS,
          () => {
            // With its full lead the probe is bounded to end before the apply; without it, there
            // is no "before" unless the apply waits, as it then does.
            const p = probe.before(fault, event, short ? Infinity : t0 + fault.atMs);
            if (short) this.lateProbes.set(event, p);
            return p;
          },
          event,
        );
      }
      this.after(
        t0 + fault.atMs,
        async () => {
          await this.lateProbes.get(event);
          probe?.cutBefore(event);
          if (!this.gate()) return;
          const toxicPrefix = `faultline_${i}_`;
          const ctx = { ...this.ctx, toxicPrefix };
          const proxy = 'edge' in fault && fault.edge ? this.ctx.proxies.get(fault.edge) : undefined;
          // Written before the apply runs: after a SIGKILL, cleanup finds the revert here.
          const revertCommand = faultRevertCommand(fault, ctx);
          this.record({
            event: 'fault-applying',
            fault: fault.name,
            type: fault.type,
            target: event.target,
            proxy,
            toxicPrefix,
            ...(revertCommand ? { revertCommand } : {}),
          });
          const limits = this.limitsOf(fault);
          const push = (active: ActiveFault): void =>
            this.stack.push(`revert fault "${fault.name}" (${active.description})`, () =>
              this.revert(active, event, now, limits.revertMs),
            );
          // An apply that finishes after its limit put the fault in place all the same: it goes on
          // the stack and is reverted at once, since its window was given up.
          const late = (active: ActiveFault): void => {
            push(active);
            void this.revert(active, event, now, limits.revertMs).catch(() => {});
          };
          const applying = applyFault(fault, ctx).catch((err: unknown) => {
            // What a failed apply could not undo stays on the stack, to be tried again.
            if (err instanceof PartlyAppliedError) push(err.leftover);
            throw err;
          });
          const active = await withTimeout(applying, limits.applyMs, 'applying the fault', {
            lateResult: late,
            clock: this.clock,
          });
          if (active.proof) (event.effect ??= {}).proof = active.proof;
          event.appliedAtMs = now();
          this.log(`fault "${fault.name}" applied at ${fmt(event.appliedAtMs)}`);
          push(active);
          this.after(
            t0 + fault.atMs + fault.forMs,
            () => this.revert(active, event, now, limits.revertMs),
            event,
          );
          await probe?.after(fault, event, toxicPrefix);
        },
        event,
      );
    });
  }

  /** Stops scheduling new actions and waits for those under way. */
  async stop(): Promise<void> {
    this.cancelled = true;
    for (const cancel of this.timers.splice(0)) cancel();
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** The runner's limits, raised to what the fault's own type needs (a command's time limit). */
  private limitsOf(fault: FaultSpec): { applyMs: number; revertMs: number } {
    const own = faultTimeLimitsMs(fault);
    return {
      applyMs: Math.max(this.limits.applyMs, own?.applyMs ?? 0),
      revertMs: Math.max(this.limits.revertMs, own?.revertMs ?? 0),
    };
  }

  /** Reverts, retrying a failed or hung attempt; rejects with the last attempt's error. */
  private async revert(
    active: ActiveFault,
    event: FaultEvent,
    now: () => number,
    revertMs: number,
  ): Promise<void> {
    if (event.revertedAtMs === null) await this.probe?.beforeRevert(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(active.revert(), revertMs, 'reverting the fault', {
          clock: this.clock,
        });
        break;
      } catch (err) {
        if (attempt >= this.limits.revertAttempts) throw err;
        this.log(
          `fault "${event.name}": revert attempt ${attempt} failed (${(err as Error).message}); retrying`,
        );
        await sleep(this.clock, REVERT_RETRY_DELAY_MS);
      }
    }
    if (event.revertedAtMs === null) {
      event.revertedAtMs = now();
      this.record({ event: 'fault-reverted', fault: event.name });
      this.log(`fault "${event.name}" reverted at ${fmt(event.revertedAtMs)}`);
    }
  }

  private after(at: number, action: () => Promise<void>, event: FaultEvent): void {
    // A stopped timeline sets no timer: one set now would never act, only hold the process open.
    if (this.cancelled) return;
    const cancel = this.clock.setTimeout(
      () => {
        if (this.cancelled) return;
        const p = action()
          .catch((err: Error) => {
            event.error = err.message;
            this.log(`fault "${event.name}" failed: ${err.message}`);
          })
          .finally(() => this.pending.delete(p));
        this.pending.add(p);
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timers.push(cancel);
  }
}

function fmt(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}
