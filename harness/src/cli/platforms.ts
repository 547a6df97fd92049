import { ExitCode, FaultlineError } from '../errors/index.js';
import { packageRoot } from '../mesh/index.js';
import {
  ComposePlatform,
  DockerPlatform,
  ExternalPlatform,
  FAULTLINE_IMAGE,
  LocalPlatform,
  type Platform,
} from '../platform/index.js';

/** The flags that choose and configure a platform (see `faultline run --help`). */
export interface PlatformFlags {
  platform: string;
  baseImage: string;
  toxiproxyImage: string;
}

export const PLATFORM_NAMES = ['local', 'docker', 'external'] as const;
export const DEFAULT_BASE_IMAGE = 'node:20-slim';
export const DEFAULT_TOXIPROXY_IMAGE = 'ghcr.io/shopify/toxiproxy:2.12.0';

/** The platform a run uses; the CLI is the only place that picks a concrete adapter. */
export function platformFactory(flags: PlatformFlags): () => Platform {
  switch (flags.platform) {
    case 'local':
      return () => new LocalPlatform();
    case 'docker':
      return () =>
        new DockerPlatform({
          root: packageRoot(),
          baseImage: flags.baseImage,
          toxiproxyImage: flags.toxiproxyImage,
        });
    case 'external':
      return () => new ExternalPlatform();
    default:
      throw new FaultlineError(
        `unknown platform "${flags.platform}"`,
        ExitCode.invalidInput,
        `use one of: ${PLATFORM_NAMES.join(', ')}`,
      );
  }
}

/** The platform of a compose file's mesh, whatever `--platform` says: the compose engine runs it. */
export function composePlatform(flags: PlatformFlags & { keepVolumes?: boolean }): Platform {
  return new ComposePlatform({
    root: packageRoot(),
    baseImage: flags.baseImage,
    toxiproxyImage: flags.toxiproxyImage,
    keepVolumes: flags.keepVolumes === true,
  });
}

/** Help text of the image flags, shared by the commands that take them. */
export const IMAGE_FLAG_HELP = {
  baseImage: `base image of faultline's own image (docker platform); offline: build faultline-base:node with docker/make-offline-base-image.sh and pass it here`,
  toxiproxyImage: `Toxiproxy image (docker platform); "${FAULTLINE_IMAGE}" runs faultline's own Toxiproxy-compatible server, for hosts that reach no registry`,
};
