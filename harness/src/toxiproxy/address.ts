/** A TCP address as Go's net package understands it: `host:port`, `[v6]:port`, `:port`. */
export interface HostPort {
  /** '' means every interface. */
  host: string;
  port: number;
}

/** Thrown with Go's wording, so a resolve/listen failure reads exactly as Toxiproxy's 500. */
export class AddressError extends Error {}

/** Splits `addr` like Go's net.SplitHostPort, with Go's error messages. */
export function splitHostPort(addr: string): HostPort {
  let host: string;
  let portText: string;
  if (addr.startsWith('[')) {
    const close = addr.indexOf(']');
    if (close < 0) throw new AddressError(`address ${addr}: missing ']' in address`);
    host = addr.slice(1, close);
    if (addr[close + 1] !== ':') throw new AddressError(`address ${addr}: missing port in address`);
    portText = addr.slice(close + 2);
  } else {
    const colon = addr.lastIndexOf(':');
    if (colon < 0) throw new AddressError(`address ${addr}: missing port in address`);
    host = addr.slice(0, colon);
    if (host.includes(':')) throw new AddressError(`address ${addr}: too many colons in address`);
    portText = addr.slice(colon + 1);
  }
  const port = portText === '' ? 0 : Number(portText);
  if (!/^\d*$/.test(portText) || port > 65535) throw new AddressError(`address ${addr}: invalid port`);
  return { host, port };
}

/**
 * The listen address as Toxiproxy compares it on update (resolved, not yet bound): `localhost`
 * becomes 127.0.0.1, which is also where Toxiproxy's listener ends up.
 */
export function resolveListen(addr: string): HostPort {
  // Go's net.Listen("tcp", "") binds every interface on a random port.
  const hp = addr === '' ? { host: '', port: 0 } : splitHostPort(addr);
  return { host: hp.host === 'localhost' ? '127.0.0.1' : hp.host, port: hp.port };
}

/** Go's TCPAddr.String(): `127.0.0.1:80`, `[::1]:80`, `:80`. */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const bindErrors: Record<string, string> = {
  EADDRINUSE: 'bind: address already in use',
  EACCES: 'bind: permission denied',
  EADDRNOTAVAIL: 'bind: cannot assign requested address',
};

/** Go's message for a failed listen: `listen tcp 127.0.0.1:18001: bind: address already in use`. */
export function listenErrorMessage(addr: HostPort, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return `listen tcp: lookup ${addr.host}: no such host`;
  }
  const reason = (err.code && bindErrors[err.code]) ?? err.message;
  return `listen tcp ${formatHostPort(addr)}: ${reason}`;
}
