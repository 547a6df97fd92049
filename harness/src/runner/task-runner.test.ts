import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/index.js';
import { SETTLE_MS, runTasks, type RunSignal, type Task } from './task-runner.js';

function runSignal(): RunSignal & { controller: AbortController; disposed: boolean } {
  const controller = new AbortController();
  const r = {
    controller,
    signal: controller.signal,
    disposed: false,
    dispose: () => void (r.disposed = true),
  };
  return r;
}

/** A task that logs its setup and teardown into `log`. */
function task(
  log: string[],
  title: string,
  setup: (signal: AbortSignal) => Promise<void> = async () => {},
): Task {
  return {
    title,
    setup: async (signal) => {
      log.push(`setup ${title}`);
      await setup(signal);
    },
    teardown: async () => void log.push(`teardown ${title}`),
  };
}

describe('runTasks', () => {
  it('runs the setups in order, then the teardowns newest first', async () => {
    const log: string[] = [];
    const run = runSignal();
    const result = await runTasks([task(log, 'a'), task(log, 'b'), task(log, 'c')], run);
    expect(result).toEqual({
      status: 'passed',
      stoppedIn: undefined,
      error: undefined,
      teardownFailures: [],
    });
    expect(log).toEqual(['setup a', 'setup b', 'setup c', 'teardown c', 'teardown b', 'teardown a']);
    expect(run.disposed).toBe(true);
  });

  it('tears down a failed setup too (its teardown was registered first), and runs no later task', async () => {
    const log: string[] = [];
    const boom = new Error('boom');
    const result = await runTasks(
      [task(log, 'a'), task(log, 'b', () => Promise.reject(boom)), task(log, 'c')],
      runSignal(),
    );
    expect(result).toMatchObject({ status: 'failed', stoppedIn: 'b', error: boom });
    expect(log).toEqual(['setup a', 'setup b', 'teardown b', 'teardown a']);
  });

  it('ends a setup that ignores the signal after SETTLE_MS, as interrupted, and unwinds', async () => {
    const log: string[] = [];
    const clock = new FakeClock();
    const run = runSignal();
    const done = runTasks(
      [task(log, 'a'), task(log, 'hangs', () => new Promise(() => {})), task(log, 'c')],
      run,
      { clock },
    );
    await clock.advance(3_000);
    run.controller.abort('SIGINT');
    await clock.advance(SETTLE_MS - 1);
    expect(log).toEqual(['setup a', 'setup hangs']);
    await clock.advance(1);
    expect(await done).toMatchObject({ status: 'interrupted', stoppedIn: 'hangs' });
    expect(log).toEqual(['setup a', 'setup hangs', 'teardown hangs', 'teardown a']);
  });

  it('unwinds at once when the setup takes the signal, and names a timeout as timedout', async () => {
    const log: string[] = [];
    const run = runSignal();
    const waits = (signal: AbortSignal): Promise<void> =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))));
    const done = runTasks([task(log, 'a', waits), task(log, 'b')], run, { clock: new FakeClock() });
    run.controller.abort('timeout');
    expect(await done).toMatchObject({ status: 'timedout', stoppedIn: 'a', error: undefined });
    expect(log).toEqual(['setup a', 'teardown a']);
  });

  it('keeps unwinding past a failing teardown and reports what it and nested steps could not undo', async () => {
    const failing: Task = {
      title: 'start x',
      setup: async () => {},
      teardown: () => Promise.reject(new Error('still running')),
      teardownTitle: 'stop x',
    };
    const nested: Task = { title: 'y', setup: async () => {}, teardown: async () => ['remove y1: gone'] };
    const result = await runTasks([failing, nested], runSignal());
    expect(result.teardownFailures).toEqual(['remove y1: gone', 'stop x: still running']);
  });
});
