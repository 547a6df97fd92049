/** The part of `process.kill` the registry uses; injected by unit tests. */
export type KillFn = (pid: number, signal: NodeJS.Signals) => void;

/**
 * Every child process group this faultline process started and that is still running, so that a
 * forced exit can kill them all before it exits. Children are spawned detached (each the leader
 * of its own process group), so a terminal's Ctrl-C does not reach them: only the runner decides
 * when they stop, and this registry is what it falls back on when it cannot stop them in order.
 */
export class ChildRegistry {
  private readonly groups = new Set<number>();

  constructor(private readonly kill: KillFn = (pid, signal) => process.kill(pid, signal)) {}

  /** Records a started child by its pid (= its process group id); returns the call that forgets it. */
  add(pid: number): () => void {
    this.groups.add(pid);
    return () => this.groups.delete(pid);
  }

  /** Pids of the children still recorded. */
  pids(): number[] {
    return [...this.groups];
  }

  /**
   * Synchronously kills each recorded child's whole process group (SIGCONT first, so a frozen
   * one does not linger stopped should SIGKILL be delayed) and forgets them; returns the pids.
   */
  killAll(): number[] {
    const killed = this.pids();
    for (const pid of killed) {
      for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          this.kill(-pid, signal);
        } catch {
          // the group is gone already
        }
      }
    }
    this.groups.clear();
    return killed;
  }
}

/** The registry of this process: every spawn of faultline records its child here. */
export const startedChildren = new ChildRegistry();

// A runner that ends any way but SIGKILL takes its children with it (after SIGKILL, the run's
// ledger lets `faultline cleanup` find them).
process.once('exit', () => startedChildren.killAll());
