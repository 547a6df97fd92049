import { fork, type ChildProcess } from 'node:child_process';

/** A helper process of a benchmark, started from this folder's compiled scripts. */
export interface BenchChild {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The first message the child sent (its port, for servers). */
  readonly ready: Record<string, unknown>;
  /** Asks the child to end (disconnect, then SIGTERM) and waits for it; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Forks `script` (a file name next to this one, `.js`) with `args`, and waits for its first IPC
 * message. Each server runs in a process of its own so that a measured component never shares
 * an event loop with the tool measuring it.
 */
export function forkChild(
  script: string,
  args: string[] = [],
  opts: { env?: Record<string, string>; execArgv?: string[]; startTimeoutMs?: number } = {},
): Promise<BenchChild> {
  const child = fork(new URL(`./${script}`, import.meta.url), args, {
    env: { ...process.env, ...opts.env },
    execArgv: opts.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start in time`));
    }, opts.startTimeoutMs ?? 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited during start-up (code ${code})`));
    });
    child.once('message', (m: Record<string, unknown>) => {
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        child,
        ready: m,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          if (child.connected) child.disconnect();
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** The port a server child reported. */
export function portOf(c: BenchChild): number {
  return Number(c.ready['port']);
}
