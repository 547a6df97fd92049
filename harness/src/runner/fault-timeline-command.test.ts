import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultContext } from '../faults/index.js';
import { parseScenario } from '../scenario/index.js';
import { FaultTimeline } from './fault-timeline.js';
import type { LedgerEntry } from './run-ledger.js';
import { TeardownStack } from './teardown-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-timeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One command fault at 0 s whose apply makes `marker` in `dir`, and whose revert removes it. */
function commandFaults(apply: string) {
  return parseScenario(
    `name: t
load: { duration: 20s, routes: [{ name: r, request: GET /, rate: 1/s }] }
faults:
  - type: command
    name: marked
    at: 0s
    for: 10s
    apply: { run: [sh, -c, ${JSON.stringify(apply)}], timeout: 5s }
    revert: { run: [rm, -f, marker] }
`,
    't.yaml',
  ).faults;
}

const ctx = {
  toxiproxy: { host: 'http://127.0.0.1:1' },
  proxies: new Map(),
  mesh: {},
  run: { id: 'run-1', dir },
} as unknown as Omit<FaultContext, 'toxicPrefix'>;

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('FaultTimeline with a command fault', () => {
  it('writes the revert command to the ledger before the apply runs, and keeps the apply on the teardown stack', async () => {
    const entries: { entry: LedgerEntry; markerExisted: boolean }[] = [];
    const stack = new TeardownStack();
    const t = new FaultTimeline(
      commandFaults('touch marker'),
      ctx,
      stack,
      () => {},
      (entry) => entries.push({ entry, markerExisted: existsSync(join(dir, 'marker')) }),
    );
    t.start(performance.now());
    await until(() => t.events[0]!.appliedAtMs !== null);
    expect(existsSync(join(dir, 'marker'))).toBe(true);
    expect(entries[0]).toEqual({
      entry: expect.objectContaining({
        event: 'fault-applying',
        fault: 'marked',
        target: '',
        revertCommand: expect.objectContaining({ argv: ['rm', '-f', 'marker'], cwd: dir }) as unknown,
      }) as unknown,
      markerExisted: false,
    });
    expect(t.events[0]!.effect?.proof?.status).toBe('unproven');
    await t.stop();
    expect(await stack.unwind()).toEqual([]);
    expect(existsSync(join(dir, 'marker'))).toBe(false);
    expect(entries.map((e) => e.entry.event)).toEqual(['fault-applying', 'fault-reverted']);
  });

  it('an apply that fails runs the revert before the error is recorded on the fault', async () => {
    const t = new FaultTimeline(
      commandFaults('touch marker; echo oops; exit 3'),
      ctx,
      new TeardownStack(),
      () => {},
      () => {},
    );
    t.start(performance.now());
    await until(() => t.events[0]!.error !== undefined);
    expect(t.events[0]!.error).toBe(
      'apply `sh -c "touch marker; echo oops; exit 3"` exited 3; last output: oops; rolled back with its revert',
    );
    expect(t.events[0]!.appliedAtMs).toBeNull();
    expect(existsSync(join(dir, 'marker'))).toBe(false);
    await t.stop();
  });
});
