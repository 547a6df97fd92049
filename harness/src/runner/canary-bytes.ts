/** When the harness read a proxy's byte counts: the value, and the span the reading took. */
export interface BytesReading {
  bytes: number;
  startedAt: number;
  endedAt: number;
}

interface Sent {
  proxy: string;
  bytes: number;
  writtenAt: number;
  doneAt?: number;
}

/**
 * The bytes the harness's own canaries wrote into each proxy, to take out of the proxy's
 * cumulative counts so that only the load's traffic is left. A canary can still be on its way
 * (held by a latency toxic, say) while the counts are read, so it is taken out of every window
 * it may have reached the proxy in. Erring that way can only take a canary for no load, never
 * for load. Times are performance.now() values.
 */
export class CanaryBytes {
  private readonly sent: Sent[] = [];

  /** A canary wrote `bytes` into `proxy` at `at`; call the result once it has its answer or gave up. */
  written(proxy: string, bytes: number, at: number): (doneAt: number) => void {
    const sent: Sent = { proxy, bytes, writtenAt: at };
    this.sent.push(sent);
    return (doneAt) => {
      sent.doneAt = doneAt;
    };
  }

  /**
   * The load's bytes into `proxies` between two readings (from the proxies' start when `from` is
   * absent): the counts' difference less every canary written before `to` ended and not known
   * to have arrived (answered) before `from` began.
   */
  loadBetween(proxies: readonly string[], from: BytesReading | undefined, to: BytesReading): number {
    const canaries = this.sent
      .filter((s) => proxies.includes(s.proxy) && s.writtenAt <= to.endedAt)
      .filter((s) => from === undefined || s.doneAt === undefined || s.doneAt >= from.startedAt)
      .reduce((n, s) => n + s.bytes, 0);
    return Math.max(0, to.bytes - (from?.bytes ?? 0) - canaries);
  }
}
