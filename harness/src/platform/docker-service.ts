import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { logTail } from './log-tail.js';
import type { ServiceLaunch, StartedService } from './platform.js';
import { waitReady } from './wait-ready.js';

/**
 * How a container counts as ready: it answers its HTTP ready path (every service of the docker
 * platform, a compose entry), its compose healthcheck says healthy, it exited 0 (a one-shot job
 * others wait for), or it merely runs (Compose's `service_started`).
 */
export type Readiness = 'http' | 'healthy' | 'completed' | 'running';

/** One service as a container: crash = kill (SIGKILL), freeze = pause, restart = start and wait again. */
export class DockerService implements StartedService {
  readonly url: string;
  private running = false;
  private paused = false;
  private exited: Promise<unknown> = Promise.resolve();
  private readonly logFile: string;

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    readonly launch: ServiceLaunch,
    private readonly opts: { logDir: string; readyTimeoutMs: number; readiness?: Readiness },
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

  /** Starts the container, streams its output to the log file, and waits until it is ready. */
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
    const problem = await this.waitUntilReady(signal);
    if (problem === undefined) return;
    throw new FaultlineError(
      `service "${this.name}" never became ready: ${problem}; its last output:\n${await this.lastOutput(10)}`,
      ExitCode.runFailed,
      `the whole output is in ${this.logFile}`,
    );
  }

  /** undefined when ready, else what went wrong; once `signal` aborts it rejects. */
  private async waitUntilReady(signal: AbortSignal | undefined): Promise<string | undefined> {
    const timeout = this.opts.readyTimeoutMs;
    const readiness = this.opts.readiness ?? 'http';
    if (readiness === 'http') {
      if (await waitReady(this.url + this.launch.ready, timeout, () => this.running, signal))
        return undefined;
      return this.running
        ? `did not answer ${this.launch.ready} within ${timeout} ms`
        : 'its container exited during start-up';
    }
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      signal?.throwIfAborted();
      const state = (await this.container.inspect()).State;
      if (readiness === 'running' && state.Running) return undefined;
      if (readiness === 'healthy' && state.Health?.Status === 'healthy') return undefined;
      if (readiness === 'completed' && !state.Running && state.Status === 'exited')
        return state.ExitCode === 0 ? undefined : `it exited with code ${state.ExitCode}`;
      if (readiness !== 'completed' && !state.Running) return `its container exited (code ${state.ExitCode})`;
      // Docker runs a healthcheck once per interval; polling faster only costs the daemon.
      await delay(100, undefined, { signal });
    }
    return `it was not ${readiness} within ${timeout} ms`;
  }

  /** The container's last lines of output, read from Docker (the log file may not have them yet). */
  private async lastOutput(lines: number): Promise<string> {
    try {
      const raw = (await this.container.logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: lines,
      })) as unknown as Buffer;
      return demux(raw).trimEnd() || '(no output)';
    } catch {
      return logTail(this.logFile, lines);
    }
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

/** Docker's multiplexed log format: frames of an 8-byte header (stream, size) and a payload. */
function demux(raw: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= raw.length;) {
    const size = raw.readUInt32BE(i + 4);
    out += raw.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}
