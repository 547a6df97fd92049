/**
 * The load engine in a child process forked with `--cpu-prof` by the load benchmark, to show
 * where its time goes at a rate it cannot sustain. argv: base URL, rate, duration ms.
 * Reports over IPC what the run did, then exits (which writes the profile).
 */
import { driveLoad } from './drive-load.js';

const [url = '', rate = '0', ms = '0'] = process.argv.slice(2);
const result = await driveLoad(url, Number(rate), Number(ms), { maxConnections: 32 });
process.send?.(result, () => process.exit(0));
