const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

/**
 * Parses a duration such as `250ms`, `2s`, `1.5s`, `1m`, `1m30s` or `1h` into whole
 * milliseconds; units must come largest first. Returns undefined for anything else,
 * including bare numbers and durations finer than a millisecond.
 */
export function parseDuration(text: string): number | undefined {
  let ms = 0;
  let lastUnit = Infinity;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text);
    if (!m) return undefined;
    const unit = UNIT_MS[m[2] as keyof typeof UNIT_MS];
    if (unit >= lastUnit) return undefined;
    lastUnit = unit;
    ms += Number(m[1]) * unit;
  }
  if (lastUnit === Infinity) return undefined;
  const whole = Math.round(ms);
  return Math.abs(ms - whole) < 1e-6 ? whole : undefined;
}

/** Formats ms as the shortest duration {@link parseDuration} reads back, e.g. `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
