/**
 * Undo actions, run last-in-first-out. Every step that changes the world pushes its undo before
 * the next step starts, so an error or a signal at any point unwinds exactly what was done.
 */
export class TeardownStack {
  private readonly entries: { description: string; undo: () => Promise<void | string[]> }[] = [];

  /** `undo` may return failures of finer steps it undid itself (a nested stack), already described. */
  push(description: string, undo: () => Promise<void | string[]>): void {
    this.entries.push({ description, undo });
  }

  /** Runs every undo, newest first, even when some fail; returns what could not be undone. */
  async unwind(): Promise<string[]> {
    const failures: string[] = [];
    for (let e = this.entries.pop(); e; e = this.entries.pop()) {
      try {
        const nested = await e.undo();
        if (nested) failures.push(...nested);
      } catch (err) {
        failures.push(`${e.description}: ${(err as Error).message}`);
      }
    }
    return failures;
  }
}
