/**
 * Picks samples of the wanted metric families out of a Prometheus text exposition.
 * Keys are `name{label="value",...}` with labels sorted, so they compare across scrapes.
 */
export function parsePrometheusText(text: string, families: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const nameEnd = line.search(/[{ ]/);
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!families.includes(name)) continue;
    const sample = parseSample(line, name);
    if (sample) out[sample.key] = sample.value;
  }
  return out;
}

function parseSample(line: string, name: string): { key: string; value: number } | undefined {
  let rest = line.slice(name.length);
  let labels: string[] = [];
  if (rest.startsWith('{')) {
    const close = rest.lastIndexOf('}');
    if (close < 0) return undefined;
    labels = splitLabels(rest.slice(1, close)).sort();
    rest = rest.slice(close + 1);
  }
  const value = Number(rest.trim().split(/\s+/)[0]);
  if (Number.isNaN(value)) return undefined;
  return { key: labels.length ? `${name}{${labels.join(',')}}` : name, value };
}

/** Splits `a="x",b="y,z"` on the commas outside quotes. */
function splitLabels(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) {
      cur += c + (s[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      if (cur.trim()) parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}
