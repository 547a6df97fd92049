import type { Toxiproxy } from 'toxiproxy-node-client';
import { canaryBoundMs, canaryRequest, proxyCounter } from '../faults/index.js';
import { prometheusSamples } from '../observe/index.js';
import type { StartedMesh } from '../platform/index.js';
import type { CanaryResult, FaultEffectEvidence, FaultEvent } from '../results/index.js';
import type { FaultSpec } from '../scenario/index.js';
import { canary } from './canary.js';
import { CanaryBytes, type BytesReading } from './canary-bytes.js';
import { proxyBytesFromCallers, proxyMetricsText } from './proxy-metrics.js';

/** ms a canary waits for an answer through an edge that should still answer quickly. */
const QUICK_BOUND_MS = 500;
/** ms the probe waits for the proxy's /metrics. */
const METRICS_TIMEOUT_MS = 1000;
const MATCHED = 'faultline_http_toxic_matched_total';
const ACTED = 'faultline_http_toxic_acted_total';

/** What the probe needs to reach a fault's edge or service. */
export interface FaultProbeContext {
  toxiproxy: Toxiproxy;
  /** edge name `caller->upstream` → proxy name */
  proxies: ReadonlyMap<string, string>;
  mesh: StartedMesh;
  /** edge name → the address the harness reaches its proxy at (`host:port`); else the proxy's listen address. */
  edges?: ReadonlyMap<string, { hostAddress: string }>;
  /**
   * The bytes every canary so far wrote into each proxy. A proxy's counts are cumulative, so the
   * probes of faults on one set of proxies (an exploration's, one probe per fault) share the
   * tally, lest an earlier fault's canaries pass for the load's traffic.
   */
  canaryBytes?: CanaryBytes;
}

interface Target {
  host: string;
  port: number;
  path: string;
  /** Bytes to send instead of an HTTP GET (ServiceLaunch.probe). */
  request?: string;
  proxies: string[];
  /** The canary goes through one of `proxies`, so its bytes are in their counts. */
  viaProxy: boolean;
  /** The canary's request meets an HTTP fault's match, so the toxic counts it. */
  matching: boolean;
  /** Why the canary cannot meet the fault, for the evidence. */
  note?: string;
}

/**
 * Gathers the evidence that a fault took effect (see `FaultEffectEvidence`), writing it on the
 * fault's event: a canary just before applying it, another right after, and the bytes the
 * edge's proxies received before and during the fault. Never throws: what it cannot learn is
 * written down as a note, and the `effect` verdicts then say it was not confirmed.
 */
export class FaultProbe {
  private readonly afterApply = new Map<FaultEvent, BytesReading>();
  private readonly targets = new Map<FaultEvent, Target | string>();
  private readonly cut = new Set<FaultEvent>();
  /** The toxic-name prefix of each applied fault, whose HTTP toxic counters are read at the revert. */
  private readonly prefixes = new Map<FaultEvent, string>();

  private readonly canaryBytes: CanaryBytes;

  constructor(private readonly ctx: FaultProbeContext) {
    this.canaryBytes = ctx.canaryBytes ?? new CanaryBytes();
  }

  /**
   * Before applying: the canary as the edge answers without the fault, and the bytes so far.
   * `applyAt` (a performance.now() timestamp) bounds both so they end before the fault is
   * applied; the apply never waits for them, and what is learnt only after `cutBefore` is
   * dropped with a note, since it may already show the fault.
   */
  async before(fault: FaultSpec, event: FaultEvent, applyAt = Infinity): Promise<void> {
    const effect = (event.effect ??= {});
    const target = await this.target(fault, event);
    if (typeof target === 'string') return note(effect, target);
    const left = (): number => Math.max(1, Math.floor(applyAt - performance.now()));
    const canaryBefore = await this.canary(target, Math.min(QUICK_BOUND_MS, left()));
    if (this.cut.has(event))
      return note(effect, 'the canary before the fault had not finished when the fault was applied');
    effect.canaryBefore = canaryBefore;
    if (target.proxies.length > 0) {
      const read = await this.bytes(target.proxies, effect, Math.min(METRICS_TIMEOUT_MS, left()));
      if (this.cut.has(event))
        return note(
          effect,
          "the proxy's byte count before the fault had not been read when the fault was applied",
        );
      if (read !== undefined)
        effect.traffic = {
          proxies: target.proxies,
          bytesBefore: this.canaryBytes.loadBetween(target.proxies, undefined, read),
          bytesDuring: 0,
        };
    }
  }

  /** The fault is being applied: whatever `before` has not learnt yet is no longer "before". */
  cutBefore(event: FaultEvent): void {
    this.cut.add(event);
  }

  /**
   * Right after applying: the byte count the fault's traffic starts from, then the canary again.
   * The count is taken first so that load crossing the edge while the canary waits is counted;
   * the canary's own request is taken out of the count at the revert.
   */
  async after(fault: FaultSpec, event: FaultEvent, toxicPrefix?: string): Promise<void> {
    const effect = (event.effect ??= {});
    if (toxicPrefix !== undefined) this.prefixes.set(event, toxicPrefix);
    // The "before" probe may still be resolving the target: the apply does not wait for it.
    const target = this.targets.get(event) ?? (await this.target(fault, event));
    if (typeof target === 'string') return;
    const read = target.proxies.length > 0 ? await this.bytes(target.proxies, effect) : undefined;
    if (read !== undefined) this.afterApply.set(event, read);
    effect.canaryAfter = await this.canary(target, canaryBoundMs(fault));
  }

  /** Just before reverting: the bytes received while the fault was in place. */
  async beforeRevert(event: FaultEvent): Promise<void> {
    await this.counters(event);
    const target = this.targets.get(event);
    const from = this.afterApply.get(event);
    const traffic = event.effect?.traffic;
    if (typeof target !== 'object' || from === undefined || !traffic) return;
    const read = await this.bytes(target.proxies, event.effect!);
    if (read !== undefined) traffic.bytesDuring = this.canaryBytes.loadBetween(target.proxies, from, read);
  }

  /** A canary to the target; its bytes through a proxy go into the tally as they are written. */
  private async canary(target: Target, boundMs: number): Promise<CanaryResult> {
    let done: ((at: number) => void) | undefined;
    const result = await canary(target.host, target.port, target.path, boundMs, target.request, (bytes) => {
      if (target.viaProxy) done = this.canaryBytes.written(target.proxies[0]!, bytes, performance.now());
    });
    done?.(performance.now());
    return result;
  }

  /**
   * An HTTP fault's toxic counters, read while the toxic still exists (removing it resets them).
   * The canary made right after applying matched and was acted on, so it is counted apart.
   */
  private async counters(event: FaultEvent): Promise<void> {
    const action = proxyCounter(event);
    const prefix = this.prefixes.get(event);
    const target = this.targets.get(event);
    if (!action || prefix === undefined || typeof target !== 'object') return;
    const effect = (event.effect ??= {});
    const proxy = target.proxies[0]!;
    try {
      const text = await proxyMetricsText(this.ctx.toxiproxy.host, METRICS_TIMEOUT_MS);
      const counted = { matched: 0, acted: 0, toxic: '' };
      for (const s of prometheusSamples(text, [MATCHED, ACTED])) {
        const toxic = s.labels['toxic'] ?? '';
        if (s.labels['proxy'] !== proxy || !toxic.startsWith(prefix)) continue;
        counted.toxic = toxic;
        if (s.name === MATCHED) counted.matched += s.value;
        else counted.acted += s.value;
      }
      if (counted.toxic === '')
        return note(effect, `the proxy's /metrics showed no HTTP toxic named ${prefix}…`);
      const canary = target.matching && effect.canaryAfter?.outcome !== undefined ? 1 : 0;
      effect.proxyCounters = { proxy, ...counted, action, canary: Math.min(canary, counted.acted) };
    } catch (err) {
      note(effect, `the HTTP toxic's counters could not be read: ${(err as Error).message}`);
    }
  }

  private async target(fault: FaultSpec, event: FaultEvent): Promise<Target | string> {
    let t: Target | string;
    try {
      t = await this.resolve(fault);
    } catch (err) {
      t = `cannot reach the target of the fault for a canary: ${(err as Error).message}`;
    }
    this.targets.set(event, t);
    if (typeof t === 'object' && t.note) note((event.effect ??= {}), t.note);
    return t;
  }

  private async resolve(fault: FaultSpec): Promise<Target | string> {
    if ('edge' in fault && fault.edge !== undefined) {
      const name = this.ctx.proxies.get(fault.edge);
      if (!name) return `edge "${fault.edge}" has no proxy`;
      const address =
        this.ctx.edges?.get(fault.edge)?.hostAddress ?? (await this.ctx.toxiproxy.get(name)).listen;
      const [host, port] = splitAddress(address);
      const upstream = this.ctx.mesh.service(fault.edge.split('->')[1]!);
      const own = canaryRequest(fault, `${host}:${port}`);
      return {
        ...(own && 'why' in own
          ? {
              note: `the canary sends GET ${upstream.launch.health}, which the fault does not match: ${own.why}`,
            }
          : {}),
        host,
        port,
        path: upstream.launch.health,
        request: own && 'request' in own ? own.request : upstream.launch.probe,
        proxies: [name],
        viaProxy: true,
        matching: own !== undefined && 'request' in own,
      };
    }
    if ('service' in fault && fault.service !== undefined) {
      const service = fault.service;
      const s = this.ctx.mesh.service(service);
      const into = [...this.ctx.proxies].filter(([edge]) => edge.endsWith(`->${service}`)).map(([, p]) => p);
      // The service's URL is where the harness reaches it (a published port on Docker).
      const url = new URL(s.url);
      return {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port),
        path: s.launch.health,
        request: s.launch.probe,
        proxies: into,
        viaProxy: false,
        matching: false,
      };
    }
    return 'the fault has no edge or service to send a canary to';
  }

  /** Bytes the proxies received from callers so far, by the proxy server's own counters. */
  private async bytes(
    proxies: string[],
    effect: FaultEffectEvidence,
    timeoutMs = METRICS_TIMEOUT_MS,
  ): Promise<BytesReading | undefined> {
    const startedAt = performance.now();
    try {
      const { byProxy } = await proxyBytesFromCallers(this.ctx.toxiproxy.host, timeoutMs);
      const bytes = proxies.reduce((n, p) => n + (byProxy.get(p) ?? 0), 0);
      return { bytes, startedAt, endedAt: performance.now() };
    } catch (err) {
      note(effect, `the proxy's /metrics could not be read: ${(err as Error).message}`);
      return undefined;
    }
  }
}

function splitAddress(listen: string): [string, number] {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  return [host === '' || host === '0.0.0.0' ? '127.0.0.1' : host, Number(listen.slice(i + 1))];
}

function note(effect: FaultEffectEvidence, text: string): void {
  (effect.notes ??= []).push(text);
}
