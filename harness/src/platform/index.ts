export type {
  Platform,
  PreparedMesh,
  PrepareOptions,
  ServiceLaunch,
  StartedMesh,
  StartedService,
} from './platform.js';
export { LocalPlatform } from './local-platform.js';
export { ExternalPlatform } from './external-platform.js';
export { DockerPlatform, RUN_LABEL, type DockerPlatformOptions } from './docker-platform.js';
export { removeDockerResources } from './docker-cleanup.js';
export { ensureFaultlineImage, FAULTLINE_IMAGE } from './docker-images.js';
export { freePort } from './free-port.js';
export { ComposePlatform, type ComposePlatformOptions } from './compose-platform.js';
