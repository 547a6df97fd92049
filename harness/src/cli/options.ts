import { InvalidArgumentError } from 'commander';

/** commander argument parser for whole numbers. */
export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/**
 * commander collector for repeatable `-e KEY=VALUE`, as k6's `-e`: a name of letters, digits and
 * `_` not starting with a digit, then `=`, then any value (possibly empty, possibly with `=`).
 */
export function envAssignment(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    throw new InvalidArgumentError(`expected KEY=VALUE with KEY like API_TOKEN, got "${value}"`);
  return { ...previous, [key]: value.slice(eq + 1) };
}
