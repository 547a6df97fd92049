import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, processesOfRun, repoRoot } from './cli-helper.js';

/** A `faultline run` in progress, started as a user would, to be interrupted by a test. */
export interface StartedRun {
  child: ChildProcess;
  pid: number;
  out: string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `faultline run <scenario> --out <out>` with FAULTLINE_HOME=<home>. With `session`, the
 * run leads a session and process group of its own (setsid), as a shell job does, so that
 * {@link signalGroup} reaches it the way a terminal's Ctrl-C does. SIGKILLed after `timeoutMs`.
 */
export function startRun(
  scenario: string,
  opts: { out: string; home: string; cwd?: string; session?: boolean; timeoutMs?: number },
): StartedRun {
  return startCli(['run', scenario, '--out', opts.out], opts);
}

/** As {@link startRun}, for any faultline command that takes `--out <out>` among `args`. */
export function startCli(
  args: string[],
  opts: { out: string; home: string; cwd?: string; session?: boolean; timeoutMs?: number },
): StartedRun {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, FAULTLINE_HOME: opts.home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.session === true,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  void exit.then(() => clearTimeout(timer));
  return { child, pid: child.pid!, out: opts.out, stderr: () => stderr, exit };
}

/** Sends `signal` to the run's whole process group, as a terminal sends Ctrl-C to its foreground job. */
export function signalGroup(run: StartedRun, signal: NodeJS.Signals): void {
  try {
    process.kill(-run.pid, signal);
  } catch {
    // the group is gone: the run has ended
  }
}

/** Resolves once the run's output matches `pattern` (bounded by `timeoutMs`). */
export async function waitFor(run: StartedRun, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.stderr())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern}; output so far:\n${run.stderr()}`);
    await sleep(20);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The run id from the run's ledger, or undefined before the ledger exists. */
export function runIdOf(out: string): string | undefined {
  try {
    const first = readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!;
    return (JSON.parse(first) as { runId: string }).runId;
  } catch {
    return undefined;
  }
}

/**
 * The process and its descendants, from /proc/<pid>/task/<pid>/children: much cheaper than
 * {@link processesOfRun}'s scan of every process's environment, for a test that looks often.
 */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      const children = readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, 'utf8');
      tree.push(...children.split(' ').filter(Boolean).map(Number));
    } catch {
      // ended while we looked
    }
  }
  return tree;
}

/** Ports (IPv4 and IPv6) with a socket in LISTEN state, from /proc/net. */
export function listeningPorts(): Set<number> {
  return new Set(listeningSockets().map((s) => s.port));
}

/** Ports on which any of `pids` listens (its LISTEN sockets' inodes among its open files). */
export function listeningPortsOf(pids: readonly number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed while we looked
      }
    }
  }
  return listeningSockets()
    .filter((s) => inodes.has(s.inode))
    .map((s) => s.port);
}

function listeningSockets(): { port: number; inode: string }[] {
  const sockets: { port: number; inode: string }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is addr:port in hex; state 0A is LISTEN; the inode is the tenth field
      if (f[3] === '0A') sockets.push({ port: parseInt(f[1]!.split(':')[1]!, 16), inode: f[9]! });
    }
  }
  return sockets;
}

/** Waits (a bounded while: SIGKILLed processes take a moment to be reaped) until no process of the run is left. */
export async function processesLeft(runId: string): Promise<number[]> {
  for (let i = 0; i < 50 && processesOfRun(runId).length > 0; i++) await sleep(20);
  return processesOfRun(runId);
}
