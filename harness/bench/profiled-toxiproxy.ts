/**
 * The embedded Toxiproxy server in a child process, as `spawnToxiproxyServer` runs it, but
 * forked by the proxy benchmark with `--cpu-prof` (which NODE_OPTIONS does not accept) to show
 * where its time goes. Reports its URL over IPC; exits when its parent goes away.
 */
import { startToxiproxyServer } from '../src/toxiproxy/index.js';

const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0, seed: 1 });
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send?.({ url: server.url });
