import { didYouMean } from '../schema/index.js';

/**
 * A hint for a metric name that had no samples: the nearest name the services did expose (a
 * likely typo), or that the name itself was exposed but never with the labels asked for. Empty
 * when the run recorded no names (an older results.json, or services without metrics).
 */
export function nearestMetricHint(
  name: string,
  exposed: Readonly<Record<string, readonly string[]>> | undefined,
  services: readonly string[],
): string {
  const names = [...new Set(services.flatMap((s) => exposed?.[s] ?? []))];
  const where = services.length === 1 ? `service ${services[0]}` : 'the services';
  if (names.length === 0) return '';
  if (names.includes(name)) return `; ${where} exposed ${name}, but no series matched the labels`;
  const guess = didYouMean(name, names);
  return guess === undefined
    ? `; ${where} exposed no metric named ${name}`
    : `; ${where} exposed no metric named ${name}: did you mean ${guess}?`;
}
