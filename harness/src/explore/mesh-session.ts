import { join } from 'node:path';
import { runLoad } from '../load/index.js';
import type { Mesh } from '../mesh/index.js';
import type { Platform } from '../platform/index.js';
import { newHistogram, type LatencyHistogram, type RouteSecond } from '../results/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { CanaryBytes, meshTasks, TeardownStack, type MeshUp, type RunLedger } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

/** Load runs until stopped; this only bounds it (a day, as the longest scenario duration). */
const LOAD_LIMIT_MS = 24 * 3_600_000;

export interface SessionOptions {
  scenario: Scenario;
  mesh: Mesh;
  platform: Platform;
  outDir: string;
  runId: string;
  ledger: RunLedger;
  log: (line: string) => void;
  readyTimeoutMs: number;
  /** Aborts start-up (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Which start this is (0 first): restarts get data folders of their own. */
  generation: number;
}

/**
 * One start of the mesh with the scenario's load running through it until stopped. Every fault
 * applied during the session goes on its `stack`, above the services, so stopping the session
 * reverts what is still in place before the services stop. An exploration restarts the mesh by
 * stopping one session and starting the next.
 */
export class MeshSession {
  /** Every closed second of load, all routes, t since this session's t = 0. */
  readonly seconds: RouteSecond[] = [];
  /**
   * µs by which each request after the warm-up left later than due, for the instrument readings;
   * the exploration resets it at the start of each fault's window.
   */
  readonly sendLag: LatencyHistogram = newHistogram();
  /** What the canaries of every fault so far wrote into the session's proxies. */
  readonly canaryBytes = new CanaryBytes();
  private readonly stopLoad = new AbortController();
  private load: Promise<RouteSecond[]> | undefined;
  private loadError: Error | undefined;

  private constructor(
    readonly up: MeshUp,
    readonly stack: TeardownStack,
    /** performance.now() of t = 0 (the end of warm-up). */
    readonly t0: number,
  ) {}

  /** Starts the mesh and the load; on failure everything started is undone before it rejects. */
  static async start(opts: SessionOptions, stack = new TeardownStack()): Promise<MeshSession> {
    const folder = opts.generation === 0 ? opts.runId : `${opts.runId}-${opts.generation}`;
    const mesh = meshTasks(
      opts.mesh,
      opts.platform,
      {
        runId: opts.runId,
        logDir: join(opts.outDir, 'logs'),
        dataDir: join(opts.outDir, 'data', folder),
        readyTimeoutMs: opts.readyTimeoutMs,
        log: opts.log,
        seed: opts.scenario.seed,
      },
      opts.ledger,
    );
    // The runner's mesh tasks, each teardown on the session's stack before its setup starts.
    for (const task of mesh.tasks) {
      const teardown = task.teardown;
      if (teardown)
        stack.push(task.teardownTitle ?? task.title, async () => {
          const failures = await teardown.call(task);
          if (Array.isArray(failures) && failures.length > 0) throw new Error(failures.join('; '));
        });
      try {
        opts.signal?.throwIfAborted();
        await task.setup(opts.signal ?? new AbortController().signal);
      } catch (err) {
        const failures = await stack.unwind();
        if (failures.length > 0)
          throw new FaultlineError(
            `${task.title} failed (${(err as Error).message}); rollback failed, still in place:\n  ${failures.join('\n  ')}`,
            ExitCode.rollbackFailed,
            'run `faultline cleanup` or remove the items above by hand',
          );
        throw err;
      }
    }
    const up = mesh.up();
    const { warmupMs } = opts.scenario.load;
    const session = new MeshSession(up, stack, performance.now() + warmupMs);
    session.startLoad(opts.scenario, warmupMs, up.mesh.service(opts.mesh.entry).url);
    return session;
  }

  /** ms since this session's t = 0. */
  now(): number {
    return Math.round(performance.now() - this.t0);
  }

  /** The load failed (a bug or a callback error): exploring on would judge nothing. */
  get failure(): Error | undefined {
    return this.loadError;
  }

  /** Stops the load, then undoes the session's stack; returns what could not be undone. */
  async stop(): Promise<string[]> {
    this.stopLoad.abort();
    await this.load?.catch(() => []);
    return this.stack.unwind();
  }

  private startLoad(scenario: Scenario, warmupMs: number, baseUrl: string): void {
    this.load = runLoad({
      baseUrl,
      routes: scenario.load.routes,
      t0: this.t0,
      warmupMs,
      durationMs: LOAD_LIMIT_MS,
      seed: scenario.seed,
      signal: this.stopLoad.signal,
      sendErrors: this.sendLag,
      onSecond: (s) => this.seconds.push(...s),
    });
    this.load.catch((err: Error) => (this.loadError = err));
  }
}
