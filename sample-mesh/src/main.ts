import { launchService } from './runtime/launch-service.js';
import { createJsonLogger } from './runtime/logger.js';
import { DEFAULT_PORTS } from './runtime/service-context.js';
import { envNumber } from './runtime/settings.js';
import { SERVICES } from './services/service-registry.js';

/** `node main.js <service>`: starts one service of the sample mesh until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const name = process.argv[2] ?? process.env['SERVICE_NAME'];
  const factory = name ? SERVICES[name] : undefined;
  if (!name || !factory) {
    process.stderr.write(
      `usage: main.js <service>  (or SERVICE_NAME); services: ${Object.keys(SERVICES).join(', ')}\n`,
    );
    process.exit(2);
  }
  // A supervisor that stops reading our stdout must not crash the service (EPIPE).
  process.stdout.on('error', () => {});
  const logger = createJsonLogger(name);
  const host = process.env['HOST'] || '127.0.0.1';
  const port = envNumber(process.env, 'PORT', DEFAULT_PORTS[name] ?? 0, { max: 65535 });
  const running = await launchService({ name, factory, env: process.env, logger, host, port });
  logger.info('listening', {
    host,
    port: running.port,
    url: running.url,
    pid: process.pid,
    switches: running.ctx.switches,
  });

  const shutdown = (signal: string): void => {
    logger.info('stopping', { signal });
    // A stuck shutdown must not keep the process alive past its supervisor's patience.
    setTimeout(() => process.exit(1), 5000).unref();
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('stop failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stdout.write(
    JSON.stringify({
      ts: new Date().toISOString(),
      level: 'error',
      service: process.argv[2] ?? process.env['SERVICE_NAME'],
      msg: 'failed to start',
      error: String(err),
    }) + '\n',
  );
  process.exit(1);
});
