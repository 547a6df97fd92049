import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../scenario/index.js';

/** commander argument parser for a duration flag (`90s`, `10m`, `1h`) into ms, longer than 0. */
export function durationOption(value: string): number {
  const ms = parseDuration(value.trim());
  if (ms === undefined || ms <= 0)
    throw new InvalidArgumentError('expected a duration longer than 0, like 90s, 10m or 1h');
  return ms;
}
