import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { startedChildren } from '../children/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { ServiceDef } from '../mesh/index.js';
import { logTail } from './log-tail.js';
import type { ServiceLaunch, StartedService } from './platform.js';
import { waitReady } from './wait-ready.js';

/** How long a service gets to exit on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 2000;

export interface LocalServiceOptions {
  host: string;
  port: number;
  logDir: string;
  readyTimeoutMs: number;
}

/**
 * One service as a child process in its own process group (detached): signals of the platform
 * reach the service's own children too, and a terminal's Ctrl-C, sent to faultline's foreground
 * group, does not reach the service — the runner stops it during rollback.
 */
export class LocalService implements StartedService {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private frozen = false;
  readonly url: string;
  readonly launch: ServiceLaunch;
  private readonly logFile: string;

  constructor(
    private readonly def: ServiceDef,
    private readonly cwd: string,
    private readonly env: Record<string, string>,
    private readonly opts: LocalServiceOptions,
  ) {
    this.launch = {
      name: def.name,
      host: opts.host,
      port: opts.port,
      ready: def.ready,
      health: def.health,
      metrics: def.metrics,
    };
    this.url = `http://${opts.host}:${opts.port}`;
    this.logFile = join(opts.logDir, `${def.name}.log`);
  }

  get name(): string {
    return this.def.name;
  }

  isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the service and waits until it is ready; rejects at once when `signal` aborts. */
  async spawnAndWait(signal?: AbortSignal): Promise<void> {
    const [cmd, ...args] = this.def.command;
    if (!cmd) throw new FaultlineError(`service "${this.name}" has an empty command`, ExitCode.invalidInput);
    const log = openSync(this.logFile, 'a');
    let spawnError: Error | undefined;
    try {
      const child = spawn(cmd, args, {
        cwd: this.cwd,
        env: {
          ...process.env,
          ...this.env,
          HOST: this.opts.host,
          PORT: String(this.opts.port),
          SERVICE_NAME: this.name,
        },
        stdio: ['ignore', log, log],
        detached: true,
      });
      this.child = child;
      child.once('error', (e) => (spawnError = e));
      const forget = child.pid === undefined ? () => false : startedChildren.add(child.pid);
      this.exited = new Promise((resolve) =>
        child.once('exit', () => {
          forget();
          resolve();
        }),
      );
    } finally {
      closeSync(log);
    }
    const ready = await waitReady(
      this.url + this.def.ready,
      this.opts.readyTimeoutMs,
      () => this.isRunning(),
      signal,
    );
    if (ready) return;
    const why = spawnError
      ? `could not start \`${this.def.command.join(' ')}\`: ${spawnError.message}`
      : this.isRunning()
        ? `${this.def.ready} did not answer 2xx within ${this.opts.readyTimeoutMs} ms`
        : `it exited during start-up (${this.exitDescription()})`;
    throw new FaultlineError(
      `service "${this.name}" never became ready on port ${this.opts.port}: ${why}`,
      ExitCode.runFailed,
      `last lines of ${this.logFile}:\n${logTail(this.logFile, 10)}`,
    );
  }

  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
    this.frozen = false;
  }

  async restart(): Promise<void> {
    if (this.isRunning()) throw new Error(`service "${this.name}" is still running`);
    await this.spawnAndWait();
  }

  async freeze(): Promise<void> {
    this.signal('SIGSTOP');
    this.frozen = true;
  }

  async thaw(): Promise<void> {
    this.signal('SIGCONT');
    this.frozen = false;
  }

  async stop(): Promise<void> {
    if (!this.isRunning()) return;
    // A stopped process cannot handle SIGTERM until it is continued.
    if (this.frozen) await this.thaw();
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Signals the whole process group, so children of the service go too. */
  private signal(sig: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || !this.isRunning()) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  }

  private exitDescription(): string {
    const c = this.child;
    return c?.signalCode ? `signal ${c.signalCode}` : `exit code ${String(c?.exitCode)}`;
  }
}
