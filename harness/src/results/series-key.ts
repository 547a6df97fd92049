/** One Prometheus sample: a metric name, its labels (values unescaped) and its value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A series: a metric name and its labels, values unescaped. */
export type Series = Omit<MetricSample, 'value'>;

const LABEL_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Reads a label set as the Prometheus text format writes it, `a="x",b="y,z"` (without the
 * braces), unescaping values: `\\` is a backslash, `\"` a quote, `\n` a line break. Undefined when
 * the text is not a label set.
 */
export function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  const skipSpace = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (i >= text.length) return labels;
    LABEL_NAME.lastIndex = i;
    const name = LABEL_NAME.exec(text)?.[0];
    if (name === undefined) return undefined;
    i += name.length;
    skipSpace();
    if (text[i] !== '=') return undefined;
    i++;
    skipSpace();
    if (text[i] !== '"') return undefined;
    let value = '';
    for (i++; i < text.length && text[i] !== '"'; i++) {
      const c = text[i];
      if (c !== '\\') value += c;
      else {
        const next = text[++i];
        value += next === 'n' ? '\n' : (next ?? '');
      }
    }
    if (text[i] !== '"') return undefined;
    i++;
    labels[name] = value;
    skipSpace();
    if (i >= text.length) return labels;
    if (text[i] !== ',') return undefined;
    i++;
  }
}

/** A label value as the text format writes it. */
function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The key a sample is stored under in results.json's observations: `name{a="x",b="y"}`, values
 * escaped as in the text format, pairs sorted so that a series has one key across scrapes.
 */
export function formatSeriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeValue(v)}"`)
    .sort();
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}

/** Splits a stored key back into its name and labels (the inverse of {@link formatSeriesKey}). */
export function parseSeriesKey(key: string): Series {
  const brace = key.indexOf('{');
  if (brace < 0) return { name: key, labels: {} };
  const close = key.lastIndexOf('}');
  const labels = parseLabels(key.slice(brace + 1, close < brace ? undefined : close)) ?? {};
  return { name: key.slice(0, brace), labels };
}

/** The samples of one observation's `metrics` map. */
export function samplesOf(metrics: Readonly<Record<string, number>>): MetricSample[] {
  return Object.entries(metrics).map(([key, value]) => ({ ...parseSeriesKey(key), value }));
}
