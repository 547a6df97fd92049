import { formatArgv, runCommand } from '../children/index.js';
import type { ProbeCheck } from '../checks/index.js';
import { httpAnswer } from '../probes/index.js';
import type { ProbeSample, ProbeSeries } from '../results/index.js';

export interface ProbeSamplerOptions {
  probes: readonly ProbeCheck[];
  /** performance.now() of t = 0 (the end of warm-up): samples are taken from then on. */
  t0: number;
  runId: string;
  /** The scenario file's folder, where probe commands run. */
  cwd: string;
}

/**
 * Takes each probe's samples every `everyMs` from t0 until stopped, one at a time per probe (a
 * slow sample delays the next instead of piling up). `stop()` waits for the samples under way,
 * each bounded by its own timeout, and returns every probe's samples.
 */
export function startProbes(opts: ProbeSamplerOptions): { stop(): Promise<ProbeSeries[]> } {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const series = opts.probes.map((p) => ({
    name: p.name,
    target: targetOf(p),
    samples: [] as ProbeSample[],
  }));
  opts.probes.forEach((probe, i) => {
    const keepBody = Object.values(probe.expect).some((e) => e?.json !== undefined);
    const schedule = (k: number): void => {
      if (stopped) return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          if (stopped) return;
          const p = sample(probe, opts, keepBody).then((s) => {
            series[i]!.samples.push(s);
            running.delete(p);
            // The next slot after now: a sample longer than the interval skips slots.
            schedule(Math.max(k + 1, Math.ceil((performance.now() - opts.t0) / probe.everyMs)));
          });
          running.add(p);
        },
        Math.max(0, opts.t0 + k * probe.everyMs - performance.now()),
      );
      timers.add(timer);
    };
    schedule(0);
  });
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      while (running.size > 0) await Promise.allSettled([...running]);
      return series;
    },
  };
}

function targetOf(p: ProbeCheck): string {
  return p.http ? `GET ${p.http.url}` : formatArgv(p.command!.argv);
}

async function sample(probe: ProbeCheck, opts: ProbeSamplerOptions, keepBody: boolean): Promise<ProbeSample> {
  const tMs = Math.round(performance.now() - opts.t0);
  if (probe.command) {
    const r = await runCommand({
      argv: probe.command.argv,
      timeoutMs: probe.command.timeoutMs,
      env: { FAULTLINE_RUN_ID: opts.runId, FAULTLINE_PROBE: probe.name },
      cwd: opts.cwd,
    });
    if (r.startError) return { tMs, ms: r.ms, error: r.startError };
    if (r.timedOut) return { tMs, ms: r.ms, error: `timed out after ${probe.command.timeoutMs} ms` };
    return { tMs, ms: r.ms, ...(r.code === null ? { error: 'killed by a signal' } : { exit: r.code }) };
  }
  return { tMs, ...(await httpAnswer(probe.http!.url, probe.http!.timeoutMs, keepBody)) };
}
