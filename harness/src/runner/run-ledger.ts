import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LedgerCommand } from '../faults/index.js';

/** Where pointers to unfinished runs live: `$FAULTLINE_HOME/runs`, by default `~/.faultline/runs`. */
export function ledgerHome(): string {
  return join(process.env.FAULTLINE_HOME ?? join(homedir(), '.faultline'), 'runs');
}

/** What a run is about to do or has undone, one JSON line each, written before the action. */
export type LedgerEntry =
  | { event: 'started'; runId: string; pid: number }
  | { event: 'toxiproxy'; url: string; embedded: boolean }
  | { event: 'services-starting'; platform: string }
  /** Toxics of this fault are named `${toxicPrefix}…`; `proxy` is set for faults on an edge. */
  | {
      event: 'fault-applying';
      fault: string;
      type: string;
      target: string;
      proxy?: string;
      toxicPrefix: string;
      /** The command that undoes the fault (a `command` fault), for cleanup to run. */
      revertCommand?: LedgerCommand;
    }
  | { event: 'fault-reverted'; fault: string }
  | { event: 'finished' };

/** The pointer file that `faultline cleanup` reads: which run, which process, where its ledger is. */
export interface LedgerPointer {
  runId: string;
  pid: number;
  ledger: string;
  startedAt: string;
}

/**
 * The run's ledger: `ledger.jsonl` in the run folder plus a pointer under {@link ledgerHome}.
 * Writes are synchronous on purpose: an entry must be on disk before the action it announces,
 * because the process may be killed the next moment.
 */
export class RunLedger {
  private readonly pointerFile: string;
  readonly file: string;

  constructor(
    readonly runId: string,
    outDir: string,
  ) {
    this.file = join(outDir, 'ledger.jsonl');
    mkdirSync(ledgerHome(), { recursive: true });
    this.pointerFile = join(ledgerHome(), `${runId}.json`);
    const pointer: LedgerPointer = {
      runId,
      pid: process.pid,
      ledger: this.file,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(this.pointerFile, JSON.stringify(pointer) + '\n');
    this.record({ event: 'started', runId, pid: process.pid });
  }

  record(entry: LedgerEntry): void {
    appendFileSync(this.file, JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n');
  }

  /** Everything was undone: the run no longer needs cleaning up. */
  close(): void {
    this.record({ event: 'finished' });
    rmSync(this.pointerFile, { force: true });
  }
}
