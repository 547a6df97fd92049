export type { Platform, ServiceLaunch, StartOptions, StartedMesh, StartedService } from './platform.js';
export { LocalPlatform } from './local-platform.js';
export { freePort } from './free-port.js';
