import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { writeRunIndex } from '../report/index.js';
import { integer } from './options.js';

const DEFAULT_PORT = 9323;

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve a reports folder and its index on 127.0.0.1 until Ctrl-C')
    .argument('[dir]', 'the reports folder', 'reports')
    .option('--port <n>', `port to listen on (0 picks a free one)`, integer, DEFAULT_PORT)
    .action(async (dir: string, flags: { port: number }) => {
      process.exitCode = await serve(dir, flags.port);
    });
}

/**
 * Rewrites the folder's index.html, then serves the folder read-only on 127.0.0.1 (never on other
 * interfaces: reports can name internal hosts) and prints the URL; opens no browser. Resolves
 * with exit 0 once SIGINT or SIGTERM has closed the server.
 */
async function serve(dir: string, port: number): Promise<number> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new FaultlineError(
      `${dir}: no such folder`,
      ExitCode.invalidInput,
      'run a scenario first, or name the folder',
    );
  }
  await writeRunIndex(root);
  // Loaded here, not at start-up: every other command (a run above all) would carry it for nothing.
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.use(express.static(root, { dotfiles: 'ignore', index: ['index.html'], fallthrough: true }));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });

  const server = await new Promise<ReturnType<typeof app.listen>>((ok, fail) => {
    const s = app.listen(port, '127.0.0.1', () => ok(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new FaultlineError(`port ${port} is taken`, ExitCode.invalidInput, 'choose another with --port')
          : err,
      ),
    );
  });
  const { port: actual } = server.address() as AddressInfo;
  process.stdout.write(`serving ${root} at http://127.0.0.1:${actual}/ (Ctrl-C to stop)\n`);

  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => done());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return ExitCode.passed;
}
