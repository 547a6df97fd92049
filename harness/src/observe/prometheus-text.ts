import { formatSeriesKey, parseLabels, type MetricSample } from '../results/index.js';

/**
 * Picks samples of the wanted metric families out of a Prometheus text exposition, keyed as
 * results.json stores them (`formatSeriesKey`: labels sorted, so keys compare across scrapes).
 */
export function parsePrometheusText(text: string, families: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of prometheusSamples(text, families)) {
    out[formatSeriesKey(sample.name, sample.labels)] = sample.value;
  }
  return out;
}

/** The names of every sample in a Prometheus text exposition, in order of first appearance. */
export function metricNames(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const nameEnd = line.search(/[{ ]/);
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (/^[A-Za-z_:][A-Za-z0-9_:]*$/.test(name)) names.add(name);
  }
  return [...names];
}

/** The samples of the wanted families, as `{ name, labels, value }`; malformed lines are skipped. */
export function prometheusSamples(text: string, families: readonly string[]): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const nameEnd = line.search(/[{ ]/);
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!families.includes(name)) continue;
    const sample = parseSample(line, name);
    if (sample) out.push(sample);
  }
  return out;
}

function parseSample(line: string, name: string): MetricSample | undefined {
  let rest = line.slice(name.length);
  let labels: Record<string, string> | undefined = {};
  if (rest.startsWith('{')) {
    const close = rest.lastIndexOf('}');
    if (close < 0) return undefined;
    labels = parseLabels(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  const value = Number(rest.trim().split(/\s+/)[0]);
  if (labels === undefined || Number.isNaN(value)) return undefined;
  return { name, labels, value };
}
