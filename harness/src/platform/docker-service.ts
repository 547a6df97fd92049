import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { logTail } from './log-tail.js';
import type { ServiceLaunch, StartedService } from './platform.js';
import { waitReady } from './wait-ready.js';

/** One service as a container: crash = kill (SIGKILL), freeze = pause, restart = start again. */
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
    if (await waitReady(this.url + this.launch.ready, this.opts.readyTimeoutMs, () => this.running, signal))
      return;
    const state = this.running
      ? `did not answer ${this.launch.ready} within ${this.opts.readyTimeoutMs} ms`
      : 'its container exited during start-up';
    throw new FaultlineError(
      `service "${this.name}" never became ready: ${state}; its last output:\n${await this.lastOutput(10)}`,
      ExitCode.runFailed,
      `the whole output is in ${this.logFile}`,
    );
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

  /** Removes the container, whatever its state. */
  async stop(): Promise<void> {
    await this.container.remove({ force: true }).catch((err: { statusCode?: number }) => {
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
