/** Median of `xs` (mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile (0–100) of `xs`, nearest rank; NaN for none. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** `n` formatted with `digits` decimals and thousands separators; "n/a" when not finite. */
export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `a / b` as a two-decimal ratio, or "–" when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return (a / b).toFixed(2);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * How late a bare `setTimeout(1)` wakes in this process over `ms` (p99, ms): the floor the
 * machine's scheduling noise puts under any timer-driven sender, measured beside it.
 */
export async function timerLatenessP99(ms: number): Promise<number> {
  const lateness: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const due = performance.now() + 1;
    await sleep(1);
    lateness.push(Math.max(0, performance.now() - due));
  }
  return percentile(lateness, 99);
}
