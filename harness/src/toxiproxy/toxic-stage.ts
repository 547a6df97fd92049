import type { Backlog, Chunk, ToxicOutput, ToxicRunner } from './toxics/index.js';
import { closesOnRemove, passesAtOnce, passThrough } from './toxics/index.js';
import { isHttpSpec, type ToxicSpec } from './toxic-spec.js';

/**
 * One toxic on one link: owns the runner, draws toxicity each time the runner (re)starts and
 * keeps the per-connection state. Once detached from its link it only forwards to the stage
 * that followed it, so a late output of a stopped runner (reset_peer's wait) still arrives.
 */
export class ToxicStage implements ToxicOutput {
  next: ToxicOutput;
  private runner: ToxicRunner;
  private detached = false;
  private closed = false;
  private readonly state: Record<string, number> = {};
  /** Stopped runners that may still close the link later (reset_peer); cleared on abort. */
  private readonly lingering: ToxicRunner[] = [];
  private readonly out: ToxicOutput = {
    push: (chunk) => {
      if (!this.closed) this.next.push(chunk);
    },
    end: () => {
      if (this.closed) return;
      this.closed = true;
      this.next.end();
    },
  };

  constructor(
    private spec: ToxicSpec,
    next: ToxicOutput,
    private readonly random: () => number,
    /** Makes the link's coming close a reset (http_abort's `mode: reset`). */
    private readonly resetOnClose: () => void = () => {},
  ) {
    this.next = next;
    this.runner = this.startRunner();
  }

  get name(): string {
    return this.spec.name;
  }

  /** The toxic keeps no chunk past `write` (see `PassesAtOnce`). */
  get passesAtOnce(): boolean {
    return passesAtOnce(this.spec.type);
  }

  /** Chunks the running toxic holds. */
  get buffered(): number {
    return this.closed || this.detached ? 0 : (this.runner.buffered?.() ?? 0);
  }

  push(chunk: Chunk): void {
    if (this.detached) this.next.push(chunk);
    else if (!this.closed) this.runner.write(chunk);
  }

  end(): void {
    if (this.detached) this.next.end();
    else if (!this.closed) this.runner.end();
  }

  /** Toxiproxy interrupts a stub on update and when a toxic is appended after it: redraw and rerun. */
  restart(spec: ToxicSpec = this.spec, next?: ToxicOutput): void {
    this.spec = spec;
    if (this.closed) {
      if (next) this.next = next;
      return;
    }
    const backlog = this.stopRunner();
    if (next) this.next = next;
    this.runner = this.startRunner();
    this.replay(backlog, this.runner);
  }

  /** The connection is going away: clear timers, pass nothing on. */
  abort(): void {
    this.closed = true;
    this.stopRunner();
    for (const runner of this.lingering.splice(0)) runner.abort?.();
  }

  /** Removed from the chain: held data goes onward at once; `timeout` closes the link instead. */
  detach(): void {
    const backlog = this.stopRunner();
    this.detached = true;
    if (closesOnRemove(this.spec.type)) {
      this.out.end();
      return;
    }
    if (this.closed) return;
    for (const chunk of backlog.chunks) this.next.push(chunk);
    if (backlog.ended) this.out.end();
  }

  private stopRunner(): Backlog {
    if (this.runner.abort) this.lingering.push(this.runner);
    return this.runner.stop();
  }

  private startRunner(): ToxicRunner {
    // rand.Float32() < toxicity, drawn once per run of the stub.
    const active = this.random() < this.spec.toxicity;
    if (!active) return passThrough(this.out);
    const spec = this.spec;
    if (isHttpSpec(spec)) {
      return spec.type.start({
        attributes: spec.attributes,
        out: this.out,
        random: this.random,
        counters: spec.counters,
        key: this.state,
        resetOnClose: this.resetOnClose,
      });
    }
    return spec.type.start({
      attributes: spec.attributes,
      out: this.out,
      random: this.random,
      state: this.state,
    });
  }

  private replay(backlog: Backlog, runner: ToxicRunner): void {
    for (const chunk of backlog.chunks) runner.write(chunk);
    if (backlog.ended) runner.end();
  }
}
