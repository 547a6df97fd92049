export type { Platform, PreparedMesh, PrepareOptions, ServiceLaunch, StartedMesh, StartedService } from './platform.js';
export { LocalPlatform } from './local-platform.js';
export { freePort } from './free-port.js';
