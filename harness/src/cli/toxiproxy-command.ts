import { Command } from 'commander';
import { jsonLineLogger, parseLogLevel, startToxiproxyServer } from '../toxiproxy/index.js';
import { integer } from './options.js';

interface ToxiproxyFlags {
  host: string;
  port: number;
  config?: string;
  seed?: number;
}

export function toxiproxyCommand(): Command {
  return new Command('toxiproxy')
    .description('run the embedded Toxiproxy-compatible server on its own (a drop-in for toxiproxy-server)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'API port', integer, 8474)
    .option('--config <file>', 'populate proxies from a toxiproxy.json at start')
    .option('--seed <n>', 'seed for toxicity, jitter and slicer sizes', integer)
    .action(serve);
}

/** The server until SIGINT/SIGTERM. */
async function serve(flags: ToxiproxyFlags): Promise<void> {
  // Like toxiproxy-server: JSON log lines on stdout, level from LOG_LEVEL (default debug).
  const logger = jsonLineLogger(
    (line) => process.stdout.write(line),
    parseLogLevel(process.env.LOG_LEVEL) ?? 'debug',
  );
  const server = await startToxiproxyServer({ ...flags, logger });
  process.stderr.write(`faultline toxiproxy: API listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
