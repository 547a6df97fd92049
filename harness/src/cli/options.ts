import { InvalidArgumentError } from 'commander';

/** commander argument parser for whole numbers. */
export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}
