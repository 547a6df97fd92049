import { readFileSync } from 'node:fs';

/** The last `lines` lines of a log file, for error messages. */
export function logTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(no output)';
  } catch {
    return '(no output)';
  }
}
