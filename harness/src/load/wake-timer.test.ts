import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/index.js';
import { WakeTimer } from './wake-timer.js';

/** Waits for `at` as the run does: re-arming on every early wake. Resolves with the final wake's time. */
function waitFor(at: number, idle: boolean): Promise<number> {
  return new Promise((resolve) => {
    const timer: WakeTimer = new WakeTimer(() => {
      const now = performance.now();
      if (now >= at) resolve(now);
      else timer.arm(at, { idle, spin: true });
    });
    timer.arm(at, { idle, spin: true });
  });
}

describe('WakeTimer', () => {
  it('never wakes the run for good before its time, and an idle wait sleeps rather than spins', async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const late: number[] = [];
    for (let i = 0; i < 40; i++) {
      const at = performance.now() + 2.5 + (i % 5) * 0.3;
      late.push((await waitFor(at, true)) - at);
    }
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    // Spinning through the ~0.5–2 ms before each target would take most of the wall time.
    expect((used.user + used.system) / 1000).toBeLessThan(wallMs * 0.5);
  });

  it('does not wake once disarmed', async () => {
    let woken = 0;
    const timer = new WakeTimer(() => woken++);
    timer.arm(performance.now() + 1, { idle: true, spin: true });
    timer.disarm();
    timer.arm(performance.now() + 3, { idle: false, spin: true });
    timer.disarm();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woken).toBe(0);
    expect(timer.armedFor).toBe(Infinity);
  });

  it('arms its timer on the injected clock: a busy run wakes on time, an idle one a millisecond early, a disarmed one never', async () => {
    const clock = new FakeClock(1_000);
    const wakes: number[] = [];
    const timer = new WakeTimer(
      () => wakes.push(clock.now()),
      () => true,
      clock,
    );
    timer.arm(1_100, { idle: false, spin: false });
    expect(timer.armedFor).toBe(1_100);
    await clock.advance(99);
    expect(wakes).toEqual([]);
    await clock.advance(1);
    expect(wakes).toEqual([1_100]);
    timer.arm(1_200, { idle: true, spin: true });
    await clock.advance(99);
    // Idle: woken a millisecond early (the run re-arms and sleeps the rest).
    expect(wakes).toEqual([1_100, 1_199]);
    timer.arm(1_300, { idle: false, spin: false });
    timer.disarm();
    await clock.advance(1_000);
    expect(wakes).toEqual([1_100, 1_199]);
    expect(clock.pending).toBe(0);
  });
});
