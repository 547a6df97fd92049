/** Structured log sink: one JSON object per line on stdout. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

/** A logger that writes `{ts, level, service, msg, ...fields}` lines through `write`. */
export function createJsonLogger(
  service: string,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const log = (level: Level, msg: string, fields?: Record<string, unknown>): void => {
    write(JSON.stringify({ ts: new Date().toISOString(), level, service, msg, ...fields }));
  };
  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}

/** Discards everything; for tests. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Lets at most one message per key through every `intervalMs`, and tells how many were held back
 * since, so a failing dependency at 200 req/s yields a line a second instead of 200.
 */
export function createLogThrottle(
  intervalMs: number,
  now: () => number = Date.now,
): (key: string) => { log: boolean; suppressed: number } {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key) => {
    const t = now();
    const entry = last.get(key);
    if (entry && t - entry.at < intervalMs) {
      entry.suppressed++;
      return { log: false, suppressed: entry.suppressed };
    }
    last.set(key, { at: t, suppressed: 0 });
    return { log: true, suppressed: entry?.suppressed ?? 0 };
  };
}
