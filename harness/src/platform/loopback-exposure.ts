import { readFile } from 'node:fs/promises';

/**
 * The addresses other than loopback that a TCP socket listens on at `port`, read from the
 * kernel's socket tables (`/proc/net/tcp` and `tcp6`, Linux). A service given HOST=127.0.0.1
 * that listens on `0.0.0.0` or `::` anyway is reachable from the network during a chaos run.
 * Elsewhere (no /proc), nothing can be said and the answer is empty.
 */
export async function listenersBeyondLoopback(port: number): Promise<string[]> {
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'utf8').catch(() => '')),
  );
  return tables.flatMap((t) => exposedListeners(t, port));
}

/** TCP state 0A: LISTEN. */
const LISTEN = '0A';

/** Pure: the non-loopback listening addresses on `port` in one /proc/net/tcp(6) table. */
export function exposedListeners(table: string, port: number): string[] {
  const found: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || state !== LISTEN) continue;
    const [hexAddr, hexPort] = local.split(':');
    if (!hexAddr || parseInt(hexPort ?? '', 16) !== port) continue;
    const address = hexAddr.length === 8 ? ipv4(hexAddr) : ipv6(hexAddr);
    if (!isLoopback(address)) found.push(address);
  }
  return [...new Set(found)];
}

/** The kernel prints each 32-bit word in host order (little-endian on the machines Node runs on). */
function words(hex: string): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < hex.length; i += 8) {
    const w = hex.slice(i, i + 8);
    out.push([6, 4, 2, 0].map((j) => parseInt(w.slice(j, j + 2), 16)));
  }
  return out;
}

function ipv4(hex: string): string {
  return words(hex)[0]!.join('.');
}

function ipv6(hex: string): string {
  const bytes = words(hex).flat();
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  const full = groups.join(':');
  if (full === '0:0:0:0:0:0:0:0') return '::';
  if (full === '0:0:0:0:0:0:0:1') return '::1';
  if (full.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return full;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
