/**
 * A torture test of rollback: interrupts many short runs of the tiny mesh with SIGINT, SIGTERM
 * or SIGKILL at seeded random offsets, from start-up to report writing, sent either to the
 * runner's PID or — as a terminal's Ctrl-C — to the process group of a run started in its own
 * session, and runs `faultline cleanup` after each SIGKILL. Every run must end 130/143 (or with
 * its verdict, 0/1/4, when the signal came after it finished), and nothing of any run may be left: no process, no
 * listening socket, no Toxiproxy answering with proxies or toxics, no unfinished-run pointer.
 *
 * The seed is random and printed; a failure prints the seed, the run's number, signal, target
 * and offset. To replay: FAULTLINE_TORTURE_SEED=<seed> (all runs of that seed), plus
 * FAULTLINE_TORTURE_RUN=<number> for that run alone. An offset is a seeded delay after a seeded
 * moment of the run (spawn, or a line of its progress output; see ANCHORS), so a replay sends
 * the same signal at the same point of the run even when start-up is slower; a failure prints
 * both and the phase the run was in when the signal was sent, as far as the test had read the
 * run's output by then (on a busy machine that view can lag by a few hundred ms).
 *
 * A run's exit by the signal itself (before faultline's handler is installed or after the gate
 * is done) counts as 128 + its number, which is what a shell reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli } from './cli-helper.js';
import {
  listeningPorts,
  listeningPortsOf,
  processesLeft,
  processTree,
  runIdOf,
  signalGroup,
  sleep,
  startRun,
  type StartedRun,
} from './interrupt-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

const RUNS = 32;
/** Runs at once: each is four Node processes (runner, Toxiproxy, two services). */
const CONCURRENCY = 4;
/**
 * Where signals land: a seeded random delay after one of these moments of the run. Spreading them
 * over the phases (rather than over one span from spawn) keeps every phase covered however long
 * start-up takes on a busy machine; the spans overlap the next phase, and the last one reaches
 * past the exit, so every moment from spawn to the end can be hit.
 */
const ANCHORS = [
  { name: 'spawn', pattern: /^/, spanMs: 2500 },
  { name: '"starting mesh"', pattern: /starting mesh/, spanMs: 1000 },
  { name: '"load:"', pattern: /\] load:/, spanMs: 1500 },
  { name: '"rolling back"', pattern: /rolling back/, spanMs: 300 },
] as const;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
const EXIT_OF = { SIGINT: 130, SIGTERM: 143, SIGKILL: 137 } as const;
/**
 * Exits of a run that finished before the signal came: its verdict (passed, failed, or
 * inconclusive when a busy machine applies the short fault too late to see its effect).
 */
const VERDICT_EXITS = [0, 1, 4];

interface Case {
  n: number;
  signal: (typeof SIGNALS)[number];
  target: 'pid' | 'group';
  anchor: (typeof ANCHORS)[number];
  /** ms after the anchor */
  delayMs: number;
}

/** mulberry32: a small seeded generator, so a seed replays the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function casesOf(seed: number): Case[] {
  const next = random(seed);
  return Array.from({ length: RUNS }, (_, n) => {
    const signal = SIGNALS[Math.floor(next() * SIGNALS.length)]!;
    const target = next() < 0.5 ? 'pid' : 'group';
    const anchor = ANCHORS[Math.floor(next() * ANCHORS.length)]!;
    return { n, signal, target, anchor, delayMs: Math.round(next() * anchor.spanMs) };
  });
}

/** The phase a run was in, from its progress output so far. */
function phaseOf(stderr: string): string {
  if (/rolling back/.test(stderr)) return 'rollback';
  if (/^load:/m.test(stderr) || /\] load:/.test(stderr)) return 'load';
  if (/starting mesh/.test(stderr)) return 'start-up';
  return 'before start-up';
}

interface Outcome {
  c: Case;
  phase: string;
  exit: number;
  runId?: string;
  ports: Set<number>;
  toxiproxyUrl?: string;
  problems: string[];
}

const scenario = tinyScenario({
  duration: '1s',
  extra: `faults:
  - { name: slow-back, type: latency, edge: front->back, at: 0s, for: 800ms, latency: 20ms }
`,
});

async function torture(dir: string, c: Case): Promise<Outcome> {
  const out = join(dir, `run-${c.n}`);
  const home = join(dir, `home-${c.n}`);
  const run = startRun(join(dir, 'scenario.yaml'), {
    out,
    home,
    cwd: dir,
    session: c.target === 'group',
    timeoutMs: 40_000,
  });
  const o: Outcome = { c, phase: '', exit: -1, ports: new Set(), problems: [] };
  let ended = false;
  void run.exit.then(() => (ended = true));
  // Notes the run's listening ports while it runs, to check afterwards that none is left.
  const watch = (async () => {
    while (!ended) {
      for (const p of listeningPortsOf(processTree(run.pid))) o.ports.add(p);
      await sleep(250);
    }
  })();
  while (!ended && !c.anchor.pattern.test(run.stderr())) await sleep(10);
  await Promise.race([sleep(c.delayMs), run.exit]);
  o.phase = ended || exited(run.pid) ? 'after the end' : phaseOf(run.stderr());
  if (!ended) send(run, c);
  const { code, signal } = await run.exit;
  await watch;
  o.exit = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2);
  o.runId = runIdOf(out);
  o.toxiproxyUrl = toxiproxyUrlOf(out);
  const problem = (what: string): void => void o.problems.push(what);

  const finished = VERDICT_EXITS.includes(o.exit);
  if (!finished && o.exit !== EXIT_OF[c.signal]) problem(`exit ${o.exit}, expected ${EXIT_OF[c.signal]}`);
  if (finished && !['passed', 'failed', 'inconclusive'].includes(readResultsOrNone(out)))
    problem(`exit ${o.exit} without a finished results.json`);
  // A run may end with its verdict only when the signal came after its rollback had begun.
  const received = run.stderr().search(/SIG\w+ received/);
  if (finished && received >= 0 && received < run.stderr().search(/rolling back/))
    problem(`exit ${o.exit}, although the signal came before the rollback`);
  if (/rollback failed|unexpected error/.test(run.stderr())) problem('stderr reports a failure');
  if (c.signal === 'SIGKILL' && !finished) {
    const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: home }, timeoutMs: 30_000 });
    if (cleanup.code !== 0) problem(`cleanup exited ${cleanup.code}: ${cleanup.stdout}${cleanup.stderr}`);
    const unfinished = o.runId !== undefined && !ledgerText(out).includes('"event":"finished"');
    if (unfinished && !cleanup.stdout.includes(`cleaned up unfinished run ${o.runId}`))
      problem(`cleanup did not clean up the run: ${cleanup.stdout}`);
  }
  if (o.runId) {
    const left = await processesLeft(o.runId);
    if (left.length > 0) problem(`processes left: ${left.join(', ')}`);
  }
  const pointers = readdirOrNone(join(home, 'runs'));
  if (pointers.length > 0) problem(`unfinished-run pointers left: ${pointers.join(', ')}`);
  if (o.problems.length > 0) o.problems.push(`output:\n${run.stderr()}`);
  return o;
}

/** Whether the process has ended (a zombie not yet reaped counts), from /proc. */
function exited(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function send(run: StartedRun, c: Case): void {
  if (c.target === 'group') signalGroup(run, c.signal);
  else run.child.kill(c.signal);
}

function ledgerText(out: string): string {
  try {
    return readFileSync(join(out, 'ledger.jsonl'), 'utf8');
  } catch {
    return '';
  }
}

function toxiproxyUrlOf(out: string): string | undefined {
  const line = ledgerText(out)
    .split('\n')
    .find((l) => l.includes('"event":"toxiproxy"'));
  return line ? (JSON.parse(line) as { url: string }).url : undefined;
}

function readResultsOrNone(out: string): string {
  try {
    return readResults(out).outcome;
  } catch {
    return 'none';
  }
}

function readdirOrNone(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The proxies a Toxiproxy at `url` still serves, or undefined when nothing answers there. */
async function proxiesAt(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/proxies`, { signal: AbortSignal.timeout(1000) });
    return await res.text();
  } catch {
    return undefined;
  }
}

describe('rollback under interrupts at random moments', () => {
  it(`leaves nothing behind in ${RUNS} interrupted runs`, { timeout: 180_000 }, async () => {
    const seed = Number(process.env.FAULTLINE_TORTURE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const only = process.env.FAULTLINE_TORTURE_RUN;
    const cases = casesOf(seed).filter((c) => only === undefined || c.n === Number(only));
    const dir = tinyMeshDir({ 'scenario.yaml': scenario });
    const startedAt = Date.now();

    const outcomes: Outcome[] = [];
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) outcomes.push(await torture(dir, c));
      }),
    );
    // Once every run is over, no port any of them listened on may still be listening, and no
    // Toxiproxy of theirs may answer (its proxies and toxics would still be in place).
    const listening = listeningPorts();
    for (const o of outcomes) {
      const left = [...o.ports].filter((p) => listening.has(p));
      if (left.length > 0) o.problems.push(`ports still listening: ${left.join(', ')}`);
      const proxies = o.toxiproxyUrl ? await proxiesAt(o.toxiproxyUrl) : undefined;
      if (proxies !== undefined) o.problems.push(`Toxiproxy at ${o.toxiproxyUrl} still answers: ${proxies}`);
    }

    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const key = `${o.c.signal}→${o.exit} in ${o.phase}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    console.log(
      `rollback torture, seed ${seed}: ${outcomes.length} runs in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n` +
        [...tally]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `  ${v} × ${k}`)
          .join('\n'),
    );
    const failed = outcomes
      .filter((o) => o.problems.length > 0)
      .map(
        (o) =>
          `run ${o.c.n}: ${o.c.signal} to the ${o.c.target} ${o.c.delayMs} ms after ${o.c.anchor.name} ` +
          `(${o.phase}); replay with ` +
          `FAULTLINE_TORTURE_SEED=${seed} FAULTLINE_TORTURE_RUN=${o.c.n}\n  ${o.problems.join('\n  ')}`,
      );
    expect(failed, `seed ${seed}`).toEqual([]);
    expect(outcomes.length).toBe(cases.length);
  });
});
