import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { Platform, ServiceLaunch, StartedMesh, StartedService, StartOptions } from './platform.js';
import { waitReady } from './wait-ready.js';

/** How long a service gets to exit on SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 2000;

/**
 * Services as child processes on loopback. Each runs in its own process group (detached), so a
 * signal reaches anything it spawned too: crash = SIGKILL, freeze = SIGSTOP, restart = spawn again.
 */
export class LocalPlatform implements Platform {
  readonly name = 'local';

  async start(launches: ServiceLaunch[], opts: StartOptions): Promise<StartedMesh> {
    await mkdir(opts.logDir, { recursive: true });
    const services = launches.map((l) => new LocalService(l, opts));
    const mesh = new LocalMesh(services);
    try {
      await Promise.all(services.map((s) => s.spawnAndWait()));
    } catch (err) {
      await mesh.stop();
      throw err;
    }
    return mesh;
  }
}

class LocalMesh implements StartedMesh {
  constructor(readonly services: LocalService[]) {}

  service(name: string): StartedService {
    const s = this.services.find((x) => x.name === name);
    if (!s) throw new Error(`no service "${name}" in this mesh`);
    return s;
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
  }
}

class LocalService implements StartedService {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private frozen = false;
  readonly url: string;

  constructor(
    readonly launch: ServiceLaunch,
    private readonly opts: StartOptions,
  ) {
    this.url = `http://${launch.host}:${launch.port}`;
  }

  get name(): string {
    return this.launch.name;
  }

  get logFile(): string {
    return join(this.opts.logDir, `${this.name}.log`);
  }

  pid(): number | undefined {
    return this.isRunning() ? this.child?.pid : undefined;
  }

  isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async spawnAndWait(): Promise<void> {
    const { launch } = this;
    const [cmd, ...args] = launch.command;
    if (!cmd) throw new FaultlineError(`service "${this.name}" has an empty command`, ExitCode.invalidInput);
    const log = openSync(this.logFile, 'a');
    let spawnError: Error | undefined;
    try {
      const child = spawn(cmd, args, {
        cwd: launch.cwd,
        env: { ...process.env, ...launch.env, HOST: launch.host, PORT: String(launch.port), SERVICE_NAME: this.name },
        stdio: ['ignore', log, log],
        detached: true,
      });
      this.child = child;
      child.once('error', (e) => (spawnError = e));
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    } finally {
      closeSync(log);
    }
    const ready = await waitReady(this.url + launch.ready, this.opts.readyTimeoutMs, () => this.isRunning());
    if (ready) return;
    const why = spawnError
      ? `could not start \`${launch.command.join(' ')}\`: ${spawnError.message}`
      : this.isRunning()
        ? `${launch.ready} did not answer 2xx within ${this.opts.readyTimeoutMs} ms`
        : `it exited during start-up (${this.exitDescription()})`;
    throw new FaultlineError(
      `service "${this.name}" never became ready on port ${launch.port}: ${why}`,
      ExitCode.runFailed,
      `last lines of ${this.logFile}:\n${this.logTail(10)}`,
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

  private logTail(lines: number): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }
}
