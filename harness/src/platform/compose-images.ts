import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { ComposeService } from '../mesh/index.js';
import { ensureImage } from './docker-images.js';

/**
 * The image each compose service runs: its `build` built once per content (the tag carries a
 * hash of the context, the Dockerfile name and the build args, so an unchanged context is never
 * rebuilt, and Docker's layer cache serves the rest), or its `image`, which must be present or
 * pullable.
 */
export async function composeImages(
  docker: Docker,
  project: string,
  services: readonly ComposeService[],
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  for (const s of services) {
    if (s.build) {
      images.set(s.name, await buildOnce(docker, project, s.name, s.build, log, signal));
    } else {
      await ensureImage(
        docker,
        s.image!,
        log,
        `build or load "${s.image}" locally, or give services.${s.name} a build:`,
        signal,
      );
      images.set(s.name, s.image!);
    }
  }
  return images;
}

async function buildOnce(
  docker: Docker,
  project: string,
  service: string,
  build: NonNullable<ComposeService['build']>,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  const files = filesUnder(build.context);
  const hash = createHash('sha256').update(build.dockerfile).update(JSON.stringify(build.args));
  for (const f of files) hash.update(f).update(readFileSync(join(build.context, f)));
  const slug = `${project}-${service}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  const tag = `faultline-compose-${slug}:${hash.digest('hex').slice(0, 12)}`;
  try {
    await docker.getImage(tag).inspect();
    return tag;
  } catch {
    // not built yet
  }
  log(`building image ${tag} for service "${service}" from ${build.context}`);
  const stream = await docker.buildImage(
    { context: build.context, src: files },
    {
      t: tag,
      dockerfile: build.dockerfile,
      buildargs: build.args,
      labels: { 'faultline.image': 'true' },
      ...(signal ? { abortSignal: signal } : {}),
    },
  );
  const output = await new Promise<{ error?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err, res) =>
      err ? reject(err) : resolve(res as { error?: string }[]),
    ),
  );
  const failed = output.find((o) => o.error);
  if (failed)
    throw new FaultlineError(`building service "${service}" failed: ${failed.error}`, ExitCode.runFailed);
  return tag;
}

/** Every file of a build context, relative, sorted (`.git` and `node_modules` left out). */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) visit(abs);
      else out.push(relative(root, abs));
    }
  };
  visit(root);
  return out.filter((f) => basename(f) !== '.env');
}
