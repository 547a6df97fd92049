import { startToxiproxyServer } from '../toxiproxy/index.js';

/** `faultline toxiproxy`: the embedded server on its own until SIGINT/SIGTERM. */
export async function toxiproxyCommand(opts: { host: string; port: number; config?: string; seed?: number }): Promise<void> {
  const server = await startToxiproxyServer(opts);
  process.stderr.write(`faultline toxiproxy: API listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
