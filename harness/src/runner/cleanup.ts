import { readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { formatArgv } from '../children/index.js';
import { runStep } from '../faults/index.js';
import { removeDockerResources, RUN_LABEL } from '../platform/index.js';
import { ledgerHome, type LedgerEntry, type LedgerPointer } from './run-ledger.js';

/** What cleanup found and did for one unfinished run. */
export interface CleanupReport {
  runId: string;
  actions: string[];
  /** Things it could not undo; empty when the run is fully cleaned. */
  failures: string[];
}

/**
 * Undoes what unfinished runs left behind (the runner was killed, the machine rebooted): every
 * process carrying the run's id, toxics and disabled proxies on a Toxiproxy that still answers.
 * A run whose runner is still alive is left alone.
 */
export async function cleanupStaleRuns(): Promise<CleanupReport[]> {
  const reports: CleanupReport[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(ledgerHome()).filter((n) => n.endsWith('.json'));
  } catch {
    return reports;
  }
  for (const name of names) {
    const pointerFile = join(ledgerHome(), name);
    const pointer = readJson<LedgerPointer>(pointerFile);
    if (!pointer || isAlive(pointer.pid)) continue;
    const report = await cleanupRun(pointer);
    reports.push(report);
    if (report.failures.length === 0) {
      appendLine(pointer.ledger, { event: 'cleaned', actions: report.actions });
      rmSync(pointerFile, { force: true });
    }
  }
  return reports;
}

async function cleanupRun(pointer: LedgerPointer): Promise<CleanupReport> {
  const report: CleanupReport = { runId: pointer.runId, actions: [], failures: [] };
  for (const pid of processesOfRun(pointer.runId)) {
    try {
      // A frozen process must be continued before it can die cleanly; SIGKILL works either way.
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
      report.actions.push(`killed process ${pid}`);
    } catch (err) {
      // Gone between the scan and the kill (a container's process, as its container stops): done.
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') continue;
      report.failures.push(`process ${pid}: ${(err as Error).message}`);
    }
  }
  const entries = readLedger(pointer.ledger);
  let containersGone = false;
  if (
    entries.some(
      (e) => e.event === 'services-starting' && (e.platform === 'docker' || e.platform === 'compose'),
    )
  ) {
    try {
      report.actions.push(...(await removeDockerResources(pointer.runId)));
      // The Toxiproxy of a docker or compose run was one of its containers: its toxics went with it.
      containersGone = true;
    } catch (err) {
      report.failures.push(
        `Docker containers, networks and volumes labelled ${RUN_LABEL}=${pointer.runId}: ${(err as Error).message}`,
      );
    }
  }
  if (!containersGone) await revertFaults(entries, report);
  await runRevertCommands(entries, report);
  return report;
}

/**
 * Runs the revert command of each `command` fault that was being applied and never reverted: the
 * ledger holds it from before its apply ran, so even a kill during the apply is undone.
 */
async function runRevertCommands(entries: LedgerEntry[], report: CleanupReport): Promise<void> {
  const reverted = new Set(entries.flatMap((e) => (e.event === 'fault-reverted' ? [e.fault] : [])));
  for (const e of entries) {
    if (e.event !== 'fault-applying' || !e.revertCommand || reverted.has(e.fault)) continue;
    const what = `revert of fault "${e.fault}" (\`${formatArgv(e.revertCommand.argv)}\`)`;
    const why = await runStep(e.revertCommand);
    if (why) report.failures.push(`${what}: ${why}; what its apply did may still be in place`);
    else report.actions.push(`ran the ${what}`);
  }
}

/** Reverts faults that were applied and never reverted, on a Toxiproxy that is still there. */
async function revertFaults(entries: LedgerEntry[], report: CleanupReport): Promise<void> {
  const server = entries.find((e) => e.event === 'toxiproxy');
  const reverted = new Set(entries.flatMap((e) => (e.event === 'fault-reverted' ? [e.fault] : [])));
  const open = entries.filter(
    (e): e is Extract<LedgerEntry, { event: 'fault-applying' }> =>
      e.event === 'fault-applying' && !reverted.has(e.fault) && e.proxy !== undefined,
  );
  if (!server || open.length === 0) return;
  const client = new Toxiproxy(server.url);
  try {
    await client.getVersion();
  } catch {
    // The embedded server lived inside the runner: gone with it, and its toxics with it.
    if (server.embedded) return;
    report.failures.push(
      `Toxiproxy at ${server.url} does not answer; faults still in place: ${open.map((f) => f.fault).join(', ')}`,
    );
    return;
  }
  for (const f of open) {
    try {
      const proxy = await client.get(f.proxy!);
      const json = (await (await fetch(`${server.url}/proxies/${f.proxy}/toxics`)).json()) as {
        name: string;
      }[];
      for (const t of json.filter((x) => x.name.startsWith(f.toxicPrefix))) {
        await fetch(`${server.url}/proxies/${f.proxy}/toxics/${t.name}`, { method: 'DELETE' });
        report.actions.push(`removed toxic "${t.name}" from proxy "${f.proxy}"`);
      }
      if (!proxy.enabled) {
        await proxy.update({ listen: proxy.listen, upstream: proxy.upstream, enabled: true });
        report.actions.push(`re-enabled proxy "${f.proxy}"`);
      }
    } catch (err) {
      report.failures.push(`fault "${f.fault}" on proxy "${f.proxy}": ${(err as Error).message}`);
    }
  }
}

/** Pids of live processes whose environment carries `FAULTLINE_RUN_ID=<runId>` (Linux /proc). */
export function processesOfRun(runId: string): number[] {
  const marker = `FAULTLINE_RUN_ID=${runId}`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker)) pids.push(Number(name));
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readLedger(file: string): LedgerEntry[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LedgerEntry);
  } catch {
    return [];
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function appendLine(file: string, value: object): void {
  try {
    appendFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...value }) + '\n');
  } catch {
    // the run folder may be gone; the pointer is removed all the same
  }
}
