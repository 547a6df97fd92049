import { spawn } from 'node:child_process';
import { startedChildren } from './child-registry.js';

/** A command to run without a shell: its argv, its time limit and what it runs with. */
export interface CommandSpec {
  argv: readonly string[];
  /** ms; past it the command's whole process group is killed. */
  timeoutMs: number;
  /** Added to this process's environment. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
}

/** How a command ended, with the tail of what it printed (stdout and stderr interleaved). */
export interface CommandResult {
  /** The exit code; null when it was killed, timed out or could not start. */
  code: number | null;
  timedOut: boolean;
  /** Why it could not start (`spawn … ENOENT`), if so. */
  startError?: string;
  /** The last {@link OUTPUT_TAIL_CHARS} characters of its output, trimmed. */
  output: string;
  ms: number;
}

/** Characters of output kept: enough for an error message, never a whole log in results.json. */
export const OUTPUT_TAIL_CHARS = 2000;
/** ms to wait for the output pipes to close after the command exited (a background child may hold them). */
const DRAIN_MS = 200;

/**
 * Runs `argv` in its own process group, recorded in the child registry so that a forced exit of
 * faultline kills it; past its time limit the whole group is killed. Never rejects: a command
 * that cannot start, fails or times out resolves with how it ended.
 */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let output = '';
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-OUTPUT_TAIL_CHARS * 2);
    };
    const child = spawn(spec.argv[0]!, spec.argv.slice(1), {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const forget = child.pid !== undefined ? startedChildren.add(child.pid) : () => {};
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    let settled = false;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    const finish = (code: number | null, startError?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      forget();
      child.stdout.destroy();
      child.stderr.destroy();
      const tail = output.trim().slice(-OUTPUT_TAIL_CHARS);
      resolve({
        code: timedOut ? null : code,
        timedOut,
        ...(startError ? { startError } : {}),
        output: tail,
        ms: Math.round(performance.now() - started),
      });
    };
    child.once('error', (err) => finish(null, err.message));
    child.once('exit', (code) => {
      // Output still in the pipes arrives before 'close'; a background grandchild holding them
      // open must not hold the run up, so 'close' is waited for only briefly.
      const drain = setTimeout(() => finish(code), DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drain);
        finish(code);
      });
    });
  });
}

/** `cmd arg …` as a person would read it in an error message. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Why a command did not succeed, or undefined when it exited 0: `` `x` exited 1; last output: … ``. */
export function commandFailure(
  argv: readonly string[],
  r: CommandResult,
  timeoutMs: number,
): string | undefined {
  const cmd = `\`${formatArgv(argv)}\``;
  const tail = r.output ? `; last output: ${r.output}` : '; no output';
  if (r.startError) return `${cmd} could not start: ${r.startError}`;
  if (r.timedOut) return `${cmd} timed out after ${timeoutMs} ms and was killed${tail}`;
  if (r.code !== 0) return `${cmd} exited ${r.code ?? 'on a signal'}${tail}`;
  return undefined;
}
