export {
  startToxiproxyServer,
  type RunningToxiproxy,
  type ToxiproxyServerOptions,
} from './toxiproxy-server.js';
export { jsonLineLogger, parseLogLevel, silentLogger, type LogLevel, type Logger } from './logger.js';
export { TOXIPROXY_VERSION } from './api-handler.js';
export { toxicTypes } from './toxics/index.js';
export { spawnToxiproxyServer, type ToxiproxyProcess } from './spawn-server.js';
