/** Log levels, as zerolog names them. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Where the server reports what Toxiproxy logs: API access, proxies started, clients accepted. */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const rank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** Logs nothing: the default when the server is embedded in a run. */
export const silentLogger: Logger = () => {};

/**
 * One JSON object per line in zerolog's shape (`level`, fields, `time`, `message`), the format
 * Toxiproxy writes to stdout; `minLevel` plays the part of its LOG_LEVEL.
 */
export function jsonLineLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  return (level, message, fields) => {
    if (rank[level] < rank[minLevel]) return;
    write(JSON.stringify({ level, ...fields, time: new Date().toISOString(), message }) + '\n');
  };
}

/** Parses a LOG_LEVEL value; undefined when it names no level. */
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const v = value?.toLowerCase();
  return v !== undefined && v in rank ? (v as LogLevel) : undefined;
}
