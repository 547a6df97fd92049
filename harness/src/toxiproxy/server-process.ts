/**
 * Entry point of the embedded server in a child process of its own (see spawn-server.ts):
 * starts the server, reports its URL to the parent over IPC, and exits when told to or when the
 * parent goes away — even a parent killed with SIGKILL closes the IPC channel.
 */
import { startToxiproxyServer } from './toxiproxy-server.js';

const seed = process.env.FAULTLINE_TOXIPROXY_SEED;
const server = await startToxiproxyServer({
  host: '127.0.0.1',
  port: 0,
  seed: seed ? Number(seed) : undefined,
});
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('message', (m) => m === 'close' && stop());
process.send?.({ url: server.url });
