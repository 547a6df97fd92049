import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { JSON_BREAKER_METRIC, metricFamiliesOf, type BreakerCheck } from '../checks/index.js';
import { runLoad } from '../load/index.js';
import { startObserver, type JsonSource } from '../observe/index.js';
import {
  newHistogram,
  type FaultEvent,
  type InstrumentReadings,
  type Observation,
  type ProbeSeries,
  type RouteSecond,
} from '../results/index.js';
import type { Scenario } from '../scenario/index.js';
import { AbortWatch } from './abort-watch.js';
import { FaultProbe } from './fault-probe.js';
import { DEFAULT_FAULT_TIME_LIMITS, FaultTimeline } from './fault-timeline.js';
import { InstrumentMonitor, proxyLoopDelayP99Ms } from './instrument-monitor.js';
import { startProbes } from './probe-sampler.js';
import { SteadyStateGate } from './steady-state-gate.js';
import type { MeshUp } from './mesh-tasks.js';
import type { RunLedger } from './run-ledger.js';
import type { Task } from './task-runner.js';
import { TeardownStack } from './teardown-stack.js';

/** What the measuring tasks recorded; `seconds` is set once the load has run (also cut short). */
export interface Measured {
  seconds?: RouteSecond[];
  events: FaultEvent[];
  observations: Observation[];
  /** Every metric name each service exposed, for did-you-mean hints. */
  exposedMetrics?: Record<string, string[]>;
  watch?: AbortWatch;
  /** ISO time of t = 0. */
  startedAt: string;
  /** The harness's own measurement quality, once the load has run to its end. */
  instrument?: InstrumentReadings;
  /** Each `checks.probes` entry's samples, once the probes have stopped. */
  probes?: ProbeSeries[];
}

export interface MeasureOptions {
  scenario: Scenario;
  entry: string;
  readyTimeoutMs: number;
  log: (line: string) => void;
  onSecond?: (seconds: RouteSecond[]) => void;
  onObservation?: (o: Observation) => void;
}

/**
 * The tasks of the measured part of a run, on a mesh that is up: the fault timeline (its
 * teardown stops it, then reverts every fault it applied), the observer (its teardown stops
 * sampling), and the load for warm-up + duration (cut short by an abort threshold or the signal).
 */
export function measureTasks(
  opts: MeasureOptions,
  up: () => MeshUp,
  ledger: RunLedger,
): { tasks: Task[]; measured: Measured } {
  const { scenario, log } = opts;
  // The load and the observer count from performance.now(), so t0 is on that scale.
  let t0 = 0;
  const measured: Measured = { events: [], observations: [], startedAt: '' };
  let timeline: FaultTimeline | undefined;
  let observer: ReturnType<typeof startObserver> | undefined;
  const faultReverts = new TeardownStack();
  let monitor: InstrumentMonitor | undefined;
  let probes: ReturnType<typeof startProbes> | undefined;
  const gate = new SteadyStateGate(scenario.slo ?? {}, log);

  const tasks: Task[] = [
    {
      title: 'watch the measurement quality',
      setup: async () => {
        monitor = new InstrumentMonitor();
      },
      teardown: async () => {
        monitor?.dispose();
      },
      teardownTitle: 'stop watching the measurement quality',
    },
    {
      title: 'start the fault timeline',
      setup: async () => {
        t0 = performance.now() + scenario.load.warmupMs;
        measured.startedAt = new Date(Date.now() + scenario.load.warmupMs).toISOString();
        log(
          `load: ${scenario.load.warmupMs / 1000} s warm-up, then ${scenario.load.durationMs / 1000} s measured`,
        );
        const mesh = up();
        const faultCtx = {
          toxiproxy: mesh.toxiproxy,
          proxies: mesh.proxies,
          proxyHandles: mesh.proxyHandles,
          mesh: mesh.mesh,
          // Commands of `command` faults run in the scenario's folder, named by the run.
          run: { id: ledger.runId, dir: dirname(resolve(scenario.file)) },
        };
        // A revert may restart a service, which may take the whole ready timeout.
        const limits = {
          ...DEFAULT_FAULT_TIME_LIMITS,
          revertMs: Math.max(DEFAULT_FAULT_TIME_LIMITS.revertMs, opts.readyTimeoutMs + 5_000),
        };
        timeline = new FaultTimeline(
          scenario.faults,
          faultCtx,
          faultReverts,
          log,
          (e) => ledger.record(e),
          new FaultProbe({ ...faultCtx, edges: mesh.edges }),
          limits,
        );
        measured.events = timeline.events;
        timeline.guard(() => gate.allowsFaults());
        timeline.start(t0);
      },
      // No fault may be applied once the rollback begins: stop the timeline, then revert.
      teardown: async () => {
        await timeline?.stop();
        return faultReverts.unwind();
      },
      teardownTitle: 'stop the fault timeline',
    },
    {
      title: 'start the observer',
      setup: async () => {
        observer = startObserver({
          services: up().mesh.services.map((s) => ({
            name: s.name,
            healthUrl: s.url + s.launch.health,
            metricsUrl: s.url + s.launch.metrics,
          })),
          t0,
          // Breaker checks name the families they read.
          families: metricFamiliesOf(scenario.checks),
          jsonSources: jsonSourcesOf(scenario.checks.breakers ?? [], up().mesh.services),
          onObservation: opts.onObservation,
        });
      },
      teardown: async () => {
        if (observer) {
          measured.observations = await observer.stop();
          measured.exposedMetrics = observer.exposedMetrics();
        }
      },
      teardownTitle: 'stop the observer',
    },
    {
      title: 'start the probes',
      setup: async () => {
        if ((scenario.checks.probes ?? []).length === 0) return;
        probes = startProbes({
          probes: scenario.checks.probes ?? [],
          t0,
          runId: ledger.runId,
          cwd: dirname(resolve(scenario.file)),
        });
      },
      teardown: async () => {
        if (probes) measured.probes = await probes.stop();
      },
      teardownTitle: 'stop the probes',
    },
    {
      title: 'drive the load',
      setup: async (signal) => {
        const watch = new AbortWatch(scenario.abort ?? {}, AbortSignal.any([signal, gate.signal]), log);
        measured.watch = watch;
        // µs by which each measured request left after its due time
        const sendLag = newHistogram();
        measured.seconds = await runLoad({
          sendErrors: sendLag,
          baseUrl: up().mesh.service(opts.entry).url,
          routes: scenario.load.routes,
          t0,
          warmupMs: scenario.load.warmupMs,
          durationMs: scenario.load.durationMs,
          seed: scenario.seed,
          signal: watch.signal,
          onSecond: (s) => {
            gate.onSecond(s);
            watch.onSecond(s, measured.events);
            opts.onSecond?.(s);
          },
        });
        // The load can end early (a ramp down to 0 req/s); the run still lasts its duration, so
        // that faults on the timeline and metric sampling go on, as in k6.
        const rest = t0 + scenario.load.durationMs - performance.now();
        // An abort (threshold, deadline, signal) ends the wait at once; the rejection says only that.
        if (rest > 0) await delay(rest, undefined, { signal: watch.signal }).catch(() => {});
        if (!watch.signal.aborted && monitor) {
          measured.instrument = monitor.stop({
            sendLag,
            proxyLoopDelayP99Ms: await proxyLoopDelayP99Ms(up().toxiproxy.host),
          });
        }
      },
    },
  ];
  return { tasks, measured };
}

/** The JSON endpoints breaker checks read their state from, one per service, path and pointer. */
function jsonSourcesOf(
  breakers: readonly BreakerCheck[],
  services: readonly { name: string; url: string }[],
): JsonSource[] {
  const out = new Map<string, JsonSource>();
  for (const b of breakers) {
    const service = services.find((s) => s.name === b.service);
    if (!b.json || !service) continue;
    const { path, pointer } = b.json;
    out.set(`${b.service} ${path} ${pointer}`, {
      service: b.service,
      url: service.url,
      path,
      pointer,
      name: JSON_BREAKER_METRIC,
    });
  }
  return [...out.values()];
}
