const RATE = /^(\d+(?:\.\d+)?)\s*\/\s*(s|m)$/;

/** Parses a rate `100/s`, `6000/m` or a plain number (per second) into requests per second. */
export function parseRate(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const m = RATE.exec(value.trim());
  if (!m) return undefined;
  const perSecond = Number(m[1]) / (m[2] === 'm' ? 60 : 1);
  return Number.isFinite(perSecond) && perSecond > 0 ? perSecond : undefined;
}
