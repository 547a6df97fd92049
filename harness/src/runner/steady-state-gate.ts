import { evaluateSteadyState, type SloMap } from '../checks/index.js';
import type { RouteSecond } from '../results/index.js';

/**
 * The steady-state hypothesis as a gate, as Chaos Toolkit checks it before its method: before the
 * first fault is applied, the route SLOs are judged over the baseline seconds recorded so far.
 * When the baseline misses them, no fault is injected and `signal` aborts, which ends the load;
 * the run is then judged as usual and ends inconclusive on its steady-state verdicts, with the
 * baseline's figures. A system that is already unhealthy cannot prove anything about faults.
 */
export class SteadyStateGate {
  private readonly controller = new AbortController();
  private readonly recorded: RouteSecond[] = [];
  private decision: boolean | undefined;
  /** Aborts with reason `steady-state` when the gate closes. */
  readonly signal = this.controller.signal;

  constructor(
    private readonly slo: SloMap,
    private readonly log: (line: string) => void,
  ) {}

  /** Feeds one closed second of load (every route's entry). */
  onSecond(seconds: readonly RouteSecond[]): void {
    if (this.decision === undefined) this.recorded.push(...seconds);
  }

  /**
   * Asked before each fault is applied; decided once, at the first. Open when the scenario has no
   * SLO or no baseline second has closed yet (nothing to judge: the verdicts after the run still
   * judge the baseline).
   */
  allowsFaults(): boolean {
    if (this.decision !== undefined) return this.decision;
    if (Object.keys(this.slo).length === 0 || this.recorded.length === 0) return (this.decision = true);
    // A term without data (measured null) cannot close the gate; only a measured miss does.
    const missed = evaluateSteadyState({ seconds: this.recorded, faults: [] }, this.slo).filter(
      (v) => v.status !== 'pass' && v.measured !== null,
    );
    this.decision = missed.length === 0;
    if (!this.decision) {
      this.log(
        `steady state not met before the first fault (${missed.map((v) => v.name).join('; ')}): no fault is injected and the run stops`,
      );
      this.controller.abort('steady-state');
    }
    return this.decision;
  }
}
