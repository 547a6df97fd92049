import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/**
 * Summarises the `.cpuprofile` files in `dir` as text: self time by function (top `top`) and by
 * where the code lives (faultline's modules, packages, Node's internals, GC, idle), in percent of samples.
 */
export async function summarizeProfiles(dir: string, top = 15): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const profile = JSON.parse(await readFile(join(dir, f), 'utf8')) as CpuProfile;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^.*\/(dist|node_modules)\//, '$1/');
      const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
      byPlace.set(placeOf(functionName, url), (byPlace.get(placeOf(functionName, url)) ?? 0) + hits);
    }
  }
  if (total === 0) return 'no samples';
  const pct = (n: number): string => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  return [
    `samples: ${total}`,
    'self time by place:',
    ...sorted(byPlace)
      .slice(0, 8)
      .map(([k, n]) => `  ${pct(n)}  ${k}`),
    `self time by function (top ${top}):`,
    ...sorted(byFunction)
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n)}  ${k}`),
  ].join('\n');
}

function placeOf(functionName: string, url: string): string {
  if (functionName === '(idle)') return 'idle (waiting for I/O)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'native (program: libuv, syscalls, V8 outside JS)';
  const own = /\/harness\/(src|bench)\/([^/]+)\//.exec(url) ?? /\/harness\/(bench)\//.exec(url);
  if (own) return `faultline ${own[1] === 'bench' ? 'bench' : own[2]}`;
  const pkg = /\/node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith('node:')) return `Node internals (${url.replace(/^node:internal\//, '').split('/')[0]})`;
  if (url === '') return `native (${functionName})`;
  return 'other JS';
}
