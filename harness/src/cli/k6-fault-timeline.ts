import { faultAction, faultParams, faultTarget, needsHttpToxics, type FaultSpec } from '../faults/index.js';
import { proxyName } from '../mesh/index.js';
import type { Scenario } from '../scenario/index.js';

/** A fault as the k6 script carries it: its window and what applying it does. */
interface K6Fault {
  name: string;
  type: string;
  /** ms since the end of warm-up, as faultline's */
  atMs: number;
  forMs: number;
  /** The edge's Toxiproxy proxy, named as faultline names it: `caller_to_upstream`. */
  proxy?: string;
  toxics?: {
    name: string;
    type: string;
    stream: string;
    toxicity: number;
    attributes: Record<string, unknown>;
  }[];
  disable?: boolean;
  service?: string;
  params: Record<string, string | number | boolean>;
}

/** ms a fault scenario may overrun its window (its API calls), before k6 stops it. */
const CALLS_ALLOWANCE_MS = 30_000;

/**
 * The script's `FAULTS`: each fault with the toxics its own type says it adds (`faultAction`),
 * named `faultline_k6_<n>_<suffix>` so two faults on one edge never collide.
 */
function k6Fault(f: FaultSpec, i: number): K6Fault {
  const base = { name: f.name, type: f.type, atMs: f.atMs, forMs: f.forMs };
  const params = faultParams(f);
  const action = faultAction(f);
  // What no Toxiproxy call can do goes to the system's hook, named by its target.
  if (!('edge' in f) || f.edge === undefined || action.kind === 'command')
    return { ...base, service: faultTarget(f), params };
  const [caller = '', upstream = ''] = f.edge.split('->');
  const proxy = proxyName({ caller, upstream });
  if (action.kind === 'disable-proxy') return { ...base, proxy, disable: true, params };
  if (action.kind !== 'toxics') return { ...base, params };
  const toxics = action.toxics.map((t) => ({
    name: `faultline_k6_${i + 1}_${t.suffix}`,
    type: t.type,
    stream: t.stream,
    toxicity: t.toxicity ?? 1,
    attributes: t.attributes,
  }));
  return { ...base, proxy, toxics, params };
}

/** The k6 scenario of the n-th fault: one VU, one iteration, started at the fault's time. */
export function faultScenarioBlocks(scenario: Scenario): string[] {
  return scenario.faults.flatMap((f, i) => [
    `    ${JSON.stringify(faultScenarioName(f, i))}: {`,
    "      executor: 'per-vu-iterations',",
    `      exec: "fault_${i + 1}",`,
    // One VU: k6 gives it to one instance of a distributed run only (see firstSegment).
    '      vus: 1,',
    '      iterations: 1,',
    `      startTime: '${scenario.load.warmupMs + f.atMs}ms',`,
    `      maxDuration: '${f.forMs + CALLS_ALLOWANCE_MS}ms',`,
    "      tags: { faultline: 'control' },",
    '    },',
  ]);
}

/** k6 scenario names allow letters, digits, `_` and `-`. */
function faultScenarioName(f: FaultSpec, i: number): string {
  return `fault_${i + 1}_${f.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * The script's fault timeline: the `FAULTS` data, `tagTimeline()` that each route calls before
 * its request, one exported function per fault scenario, and `teardown()`. All of it is plain
 * k6 code; only the data differs between scenarios.
 */
export function faultTimelineCode(scenario: Scenario): string[] {
  const faults = scenario.faults.map(k6Fault);
  const firstAtMs = faults.length ? Math.min(...faults.map((f) => f.atMs)) : null;
  return [
    '/** ms of warm-up before measurement; fault times count from its end, as in faultline. */',
    `const WARMUP_MS = ${scenario.load.warmupMs};`,
    `const FIRST_FAULT_MS: number | null = ${firstAtMs};`,
    '',
    'interface Toxic {',
    '  name: string;',
    '  type: string;',
    '  stream: string;',
    '  toxicity: number;',
    '  attributes: Record<string, unknown>;',
    '}',
    '',
    'interface Fault {',
    '  name: string;',
    '  type: string;',
    '  /** ms since the end of warm-up */',
    '  atMs: number;',
    '  forMs: number;',
    '  proxy?: string;',
    '  toxics?: Toxic[];',
    '  disable?: boolean;',
    '  service?: string;',
    '  params: Record<string, string | number | boolean>;',
    '}',
    '',
    'const FAULTS: Fault[] = [',
    ...faults.map((f) => `  ${JSON.stringify(f)},`),
    '];',
    '',
    ...TIMELINE_FUNCTIONS,
    '',
    ...faults.flatMap((_, i) => [
      `export function fault_${i + 1}(): void {`,
      `  runFault(FAULTS[${i}]!);`,
      '}',
      '',
    ]),
  ];
}

/** The header lines that say what the script does about faults. */
export function faultHeader(scenario: Scenario): string[] {
  const service = scenario.faults.filter((f) => ['service', 'command'].includes(faultAction(f).kind));
  const kinds = service.some((f) => f.type === 'command') ? 'Crash, freeze and command' : 'Crash and freeze';
  const http = scenario.faults.filter(needsHttpToxics);
  return [
    '// Faults: one scenario per fault applies it at its time through Toxiproxy at TOXIPROXY_URL',
    '// (proxies named caller_to_upstream, as faultline names them) and removes it at its end;',
    '// teardown() removes every one again, whatever happened. Each request is tagged with its',
    '// phase (warmup, baseline, fault, recovery) and the active fault, by the elapsed time.',
    '// With --execution-segment (k6-operator, parallelism N), only the instance whose segment',
    '// starts at 0 applies faults; the others only send load.',
    ...(service.length
      ? [
          `// ${kinds} faults (${service.map((f) => f.name).join(', ')}) act on a process, which only`,
          '// the system can do: the script POSTs {"fault","type","service","action":"start"|"end","params"}',
          '// to FAULTLINE_HOOK_URL at their start and end (and "end" again in teardown, so the hook must',
          '// treat a repeated end as done); without FAULTLINE_HOOK_URL their scenarios end in an error.',
        ]
      : []),
    ...(http.length
      ? [
          `// HTTP faults (${http.map((f) => f.name).join(', ')}) add http_* toxics, which only faultline's own`,
          "// Toxiproxy-compatible server has (`faultline toxiproxy`); Shopify's Toxiproxy answers 400.",
        ]
      : []),
  ];
}

/** The script's functions that drive the timeline; the same for every scenario. */
const TIMELINE_FUNCTIONS = `/**
 * Tags what this VU sends next with faultline's phase and the active fault, from the test's
 * elapsed time: the route scenarios start with the test.
 */
function tagTimeline(): void {
  const tags = exec.vu.metrics.tags;
  const ms = Date.now() - exec.scenario.startTime - WARMUP_MS;
  const active = FAULTS.find((f) => ms >= f.atMs && ms < f.atMs + f.forMs);
  tags['faultline'] = 'load';
  if (ms < 0) tags['phase'] = 'warmup';
  else if (active) tags['phase'] = 'fault';
  else tags['phase'] = FIRST_FAULT_MS === null || ms < FIRST_FAULT_MS ? 'baseline' : 'recovery';
  if (active) tags['fault'] = active.name;
  else delete tags['fault'];
}

/** False on every instance of a distributed run but the one whose segment starts at 0. */
function firstSegment(): boolean {
  const segment = exec.test.options.executionSegment;
  if (!segment) return true;
  const start = segment.includes(':') ? segment.split(':')[0] : '0';
  return parseFloat(start ?? '0') === 0;
}

/** One call to Toxiproxy or the hook; an answer outside \`ok\` throws, which k6 logs. */
function call(method: string, url: string, body: unknown, ok: number[], what: string): void {
  const res = http.request(method, url, body === null ? null : JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
    tags: { faultline: 'control' },
    responseCallback: http.expectedStatuses(...ok),
  });
  if (!ok.includes(res.status))
    throw new Error(\`\${what}: \${method} \${url} answered \${res.status} \${String(res.body)}\`);
}

function hook(f: Fault, action: 'start' | 'end'): void {
  if (!HOOK_URL) {
    if (action === 'end') return;
    throw new Error(\`fault "\${f.name}" (\${f.type} \${f.service}) not run: set FAULTLINE_HOOK_URL to run it\`);
  }
  const body = { fault: f.name, type: f.type, service: f.service, action, params: f.params };
  call('POST', HOOK_URL, body, [200, 201, 202, 204], \`fault "\${f.name}" \${action}\`);
}

function applyFault(f: Fault): void {
  const proxyUrl = \`\${TOXIPROXY_URL}/proxies/\${f.proxy}\`;
  if (f.disable) call('PATCH', proxyUrl, { enabled: false }, [200], \`fault "\${f.name}"\`);
  else if (f.toxics) for (const t of f.toxics) call('POST', \`\${proxyUrl}/toxics\`, t, [200], \`fault "\${f.name}"\`);
  else hook(f, 'start');
}

/** Undoes applyFault; safe to call again: a toxic already gone (404) counts as removed. */
function revertFault(f: Fault): void {
  const proxyUrl = \`\${TOXIPROXY_URL}/proxies/\${f.proxy}\`;
  if (f.disable) call('PATCH', proxyUrl, { enabled: true }, [200], \`fault "\${f.name}" revert\`);
  else if (f.toxics)
    for (const t of f.toxics)
      call('DELETE', \`\${proxyUrl}/toxics/\${t.name}\`, null, [200, 204, 404], \`fault "\${f.name}" revert\`);
  else hook(f, 'end');
}

/** A fault scenario's one iteration: apply, wait out the window from the scenario's start, revert. */
function runFault(f: Fault): void {
  if (!firstSegment()) return;
  const endsAt = exec.scenario.startTime + f.forMs;
  try {
    applyFault(f);
    sleep(Math.max(0, endsAt - Date.now()) / 1000);
  } finally {
    // Also at once when applying failed half-way, so no toxic outlives a failed fault.
    revertFault(f);
  }
}

/**
 * Runs after the scenarios, also when a fault scenario failed or was cut short. On every instance
 * it runs on: undoing is safe to repeat, and the instance that applied a fault may not be the one
 * a distributed run tears down on.
 */
export function teardown(): void {
  const failed: string[] = [];
  for (const f of FAULTS) {
    try {
      revertFault(f);
    } catch (err) {
      failed.push(String(err));
    }
  }
  if (failed.length) throw new Error(failed.join('; '));
}`.split('\n');
