import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startedChildren } from '../children/index.js';

/** The embedded server running in its own process. */
export interface ToxiproxyProcess {
  readonly url: string;
  readonly pid: number;
  /** Closes every proxy and connection, and waits for the process to end. */
  close(): Promise<void>;
}

/**
 * Starts the embedded server in a child process, so its forwarding and timers never share an
 * event loop with the load generator or the runner (a busy load engine must not delay a proxied
 * byte, nor a busy proxy a request's send time). The child runs in a process group of its own, so
 * a terminal's Ctrl-C (sent to the whole foreground group) does not kill it under the rollback
 * that Ctrl-C starts; it still dies with its parent, when the IPC channel closes.
 */
export function spawnToxiproxyServer(opts: {
  seed?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}): Promise<ToxiproxyProcess> {
  const child = fork(fileURLToPath(new URL('./server-process.js', import.meta.url)), [], {
    env: {
      ...process.env,
      ...opts.env,
      FAULTLINE_TOXIPROXY_SEED: opts.seed === undefined ? '' : String(opts.seed),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forget = child.pid === undefined ? () => false : startedChildren.add(child.pid);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      forget();
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the embedded Toxiproxy server did not start within its time limit'));
    }, opts.startTimeoutMs ?? 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the embedded Toxiproxy server exited during start-up (${signal ?? `exit code ${code}`})`),
      );
    });
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      resolve({
        url: m.url,
        pid: child.pid!,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.send('close');
          await exited;
        },
      });
    });
  });
}
