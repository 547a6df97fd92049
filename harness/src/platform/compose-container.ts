import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { ServiceLaunch, StartedService } from './platform.js';
import { waitReady } from './wait-ready.js';

/**
 * How a compose service counts as ready: its entry's HTTP ready path, its compose healthcheck,
 * having exited 0 (a one-shot job others wait for), or merely running (Compose's
 * `service_started`).
 */
export type Readiness = 'http' | 'healthy' | 'completed' | 'running';

/** One compose service as a container: crash = kill, freeze = pause, restart = start and wait again. */
export class ComposeContainer implements StartedService {
  readonly url: string;
  private running = false;
  private paused = false;
  private exited: Promise<unknown> = Promise.resolve();
  private readonly logFile: string;

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    readonly launch: ServiceLaunch,
    private readonly readiness: Readiness,
    private readonly opts: { logDir: string; readyTimeoutMs: number },
  ) {
    this.url = `http://${launch.host}:${launch.port}`;
    this.logFile = join(opts.logDir, `${launch.name}.log`);
  }

  get name(): string {
    return this.launch.name;
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Once `signal` aborts it stops waiting and rejects (the caller removes the container). */
  async startAndWait(signal?: AbortSignal): Promise<void> {
    await this.container.start();
    this.running = true;
    this.exited = this.container.wait().finally(() => (this.running = false));
    const logs = await this.container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      since: Math.floor(Date.now() / 1000) - 1,
    });
    const file = createWriteStream(this.logFile, { flags: 'a' });
    this.docker.modem.demuxStream(logs, file, file);
    logs.on('end', () => file.end());
    const problem = await this.waitReady(signal);
    if (problem === undefined) return;
    throw new FaultlineError(
      `service "${this.name}" never became ready: ${problem}`,
      ExitCode.runFailed,
      `its output is in ${this.logFile}`,
    );
  }

  /** undefined when ready, else what went wrong. */
  private async waitReady(signal: AbortSignal | undefined): Promise<string | undefined> {
    const timeout = this.opts.readyTimeoutMs;
    if (this.readiness === 'http') {
      if (await waitReady(this.url + this.launch.ready, timeout, () => this.running, signal))
        return undefined;
      return this.running
        ? `it did not answer ${this.launch.ready} within ${timeout} ms`
        : 'its container exited';
    }
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      signal?.throwIfAborted();
      const state = (await this.container.inspect()).State;
      if (this.readiness === 'running' && state.Running) return undefined;
      if (this.readiness === 'healthy' && state.Health?.Status === 'healthy') return undefined;
      if (this.readiness === 'completed' && !state.Running && state.Status === 'exited')
        return state.ExitCode === 0 ? undefined : `it exited with code ${state.ExitCode}`;
      if (this.readiness !== 'completed' && !state.Running)
        return `its container exited (code ${state.ExitCode})`;
      // Docker runs a healthcheck once per interval; polling faster only costs the daemon.
      await delay(100, undefined, { signal });
    }
    return `it was not ${this.readiness} within ${timeout} ms`;
  }

  async kill(): Promise<void> {
    if (this.paused) await this.thaw();
    await this.container.kill({ signal: 'SIGKILL' });
    await this.exited;
  }

  async restart(): Promise<void> {
    if (this.running) throw new Error(`service "${this.name}" is still running`);
    await this.startAndWait();
  }

  async freeze(): Promise<void> {
    await this.container.pause();
    this.paused = true;
  }

  async thaw(): Promise<void> {
    await this.container.unpause();
    this.paused = false;
  }

  /** Removes the container and its anonymous volumes, whatever its state. */
  async stop(): Promise<void> {
    await this.container.remove({ force: true, v: true }).catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
    this.running = false;
  }
}
