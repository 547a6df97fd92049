import { ExitCode, FaultlineError } from '../errors/index.js';
import type { ProbeCheck } from '../checks/index.js';
import type { FaultSpec } from '../faults/index.js';
import type { Mesh } from '../mesh/index.js';

/** Host names that stay on this machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(host)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Every address the platform would send load or Toxiproxy calls to, other than the run's own
 * processes and containers (which are always on loopback): the external system's services and
 * its Toxiproxy. Only the external platform has any.
 */
export function remoteTargetsOf(mesh: Mesh, platform: string): { what: string; url: string }[] {
  if (platform !== 'external') return [];
  const targets = mesh.services.flatMap((s) =>
    s.external ? [{ what: `service "${s.name}"`, url: s.external.url }] : [],
  );
  if (mesh.external) targets.push({ what: 'its Toxiproxy', url: mesh.external.toxiproxy });
  return targets.filter((t) => !isLoopbackHost(new URL(t.url).hostname));
}

/**
 * Refuses a run that would send traffic off this machine unless `--allow-remote` was given: a
 * chaos test aimed at the wrong host is an outage, so reaching one takes an explicit choice.
 */
export function refuseRemoteTargets(
  mesh: Mesh,
  platform: string,
  allowRemote: boolean,
  probes: readonly ProbeCheck[] = [],
  faults: readonly FaultSpec[] = [],
): void {
  if (allowRemote) return;
  // Probes and verifies are the scenario's own: on any platform, their URLs stay on loopback
  // unless allowed.
  const own = [
    ...probes.flatMap((p) => (p.http ? [{ what: `probe "${p.name}"`, url: p.http.url }] : [])),
    ...faults.flatMap((f) =>
      f.type === 'command' && f.verify && 'url' in f.verify
        ? [{ what: `the verify of fault "${f.name}"`, url: f.verify.url }]
        : [],
    ),
  ];
  const remote = [
    ...remoteTargetsOf(mesh, platform),
    ...own.filter((t) => !isLoopbackHost(new URL(t.url).hostname)),
  ];
  if (remote.length === 0) return;
  throw new FaultlineError(
    `mesh "${mesh.name}" sends traffic outside this machine: ${remote.map((t) => `${t.what} at ${t.url}`).join(', ')}`,
    ExitCode.invalidInput,
    'faultline sends load and faults only to 127.0.0.1, ::1 and localhost; pass --allow-remote to reach other hosts',
  );
}
