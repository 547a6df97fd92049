import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { productionPackages } from './production-packages.js';

/** Use faultline's own image (built from this package) where a mesh or a flag says `faultline`. */
export const FAULTLINE_IMAGE = 'faultline';

export interface ImageOptions {
  /** The package's root folder: package.json, dist/, node_modules/. */
  root: string;
  baseImage: string;
  log: (line: string) => void;
  /** Stops a pull or build at once (SIGINT, SIGTERM, the run's deadline). */
  signal?: AbortSignal;
}

/**
 * Builds faultline's image (docker/Dockerfile) unless one built from the same files exists:
 * the tag carries a hash of the build context, so a rebuild happens exactly when something changed.
 */
export async function ensureFaultlineImage(docker: Docker, opts: ImageOptions): Promise<string> {
  const src = [
    'package.json',
    'docker/Dockerfile',
    'sample-mesh/mesh.yaml',
    'dist',
    ...productionPackages(opts.root),
  ];
  const tag = `faultline-local:${contextHash(opts.root, ['package.json', 'package-lock.json', 'docker/Dockerfile', 'sample-mesh/mesh.yaml', 'dist'], opts.baseImage)}`;
  if (await imageExists(docker, tag)) return tag;
  await ensureImage(
    docker,
    opts.baseImage,
    opts.log,
    'pass --base-image faultline-base:node after running docker/make-offline-base-image.sh',
    opts.signal,
  );
  opts.log(`building image ${tag} from ${opts.baseImage}`);
  const stream = await docker.buildImage(
    { context: opts.root, src },
    {
      t: tag,
      dockerfile: 'docker/Dockerfile',
      buildargs: { BASE_IMAGE: opts.baseImage },
      labels: { 'faultline.image': 'true' },
      // Only when set: dockerode would put an undefined key in the query string.
      ...(opts.signal ? { abortSignal: opts.signal } : {}),
    },
  );
  const output = (await followProgress(docker, stream, opts.signal)) as { error?: string }[];
  const failed = output.find((o) => o.error);
  if (failed) {
    throw new FaultlineError(`building image ${tag} failed: ${failed.error}`, ExitCode.runFailed);
  }
  return tag;
}

/** Makes sure an image is present, pulling it if needed; says what to do when it cannot be had. */
export async function ensureImage(
  docker: Docker,
  image: string,
  log: (l: string) => void,
  offlineHint: string,
  signal?: AbortSignal,
): Promise<void> {
  if (await imageExists(docker, image)) return;
  log(`pulling image ${image}`);
  try {
    const stream = await docker.pull(image, signal ? { abortSignal: signal } : {});
    await followProgress(docker, stream, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new FaultlineError(
      `image "${image}" is not present and cannot be pulled`,
      ExitCode.runFailed,
      offlineHint,
      { cause: err },
    );
  }
}

/** Reads a pull's or build's progress to its end; destroys the stream and rejects once `signal` aborts. */
function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  signal?: AbortSignal,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      reject(new Error(`stopped reading Docker's progress: ${String(signal?.reason)}`));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(stream, (err, res) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(res as unknown[]);
    });
  });
}

async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

/** A short hash of the files that go into the image, and of the base it is built on. */
function contextHash(root: string, paths: string[], baseImage: string): string {
  const hash = createHash('sha256').update(baseImage);
  const visit = (p: string): void => {
    const abs = join(root, p);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(join(p, name));
    } else {
      hash.update(relative(root, abs)).update(readFileSync(abs));
    }
  };
  for (const p of paths) visit(p);
  return hash.digest('hex').slice(0, 12);
}
