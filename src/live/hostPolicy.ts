import { networkInterfaces } from 'node:os';

/**
 * Which `Host` and `Origin` headers the live server answers. A browser tricked by DNS rebinding sends the
 * attacker's name (`Host: evil.example:PORT`) while it talks to this server, so the server answers only names it
 * is reachable under: the address it listens on (every local address when it listens on all interfaces), the
 * loopback names when it listens on loopback, and the names the user allows (`--allow-host`).
 */
export interface HostPolicy {
  /** True when a `Host` header names this server (port ignored: a reverse proxy may use another). */
  host(header: string | undefined): boolean;
  /** True when a browser's `Origin` is a page of an allowed host; no Origin (not a browser) is allowed. */
  origin(header: string | undefined): boolean;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/** The bare host name of a `Host` header or URL authority: lower case, port and IPv6 brackets removed. */
function hostName(authority: string): string | null {
  const a = authority.trim().toLowerCase();
  if (a === '') return null;
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    if (end < 0) return null;
    const rest = a.slice(end + 1);
    return rest === '' || /^:\d{1,5}$/.test(rest) ? a.slice(1, end) : null;
  }
  const m = /^([^:\s/@]+)(?::\d{1,5})?$/.exec(a);
  // A trailing dot names the same host ("localhost." is localhost).
  return m ? m[1].replace(/\.$/, '') : null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** The policy for a server bound to `bindHost`, answering also to each of `allowed` (names or addresses). */
export function hostPolicy(bindHost: string, allowed: readonly string[] = []): HostPolicy {
  const names = new Set<string>();
  const bind = bindHost.toLowerCase().replace(/^\[|\]$/g, '');
  names.add(bind);
  if (isLoopback(bind) || isWildcard(bind)) for (const n of LOOPBACK) names.add(n);
  if (isWildcard(bind)) {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(i.address.toLowerCase());
  }
  for (const a of allowed) {
    const n = hostName(a) ?? a.toLowerCase();
    names.add(n);
  }
  const host = (header: string | undefined): boolean => {
    if (header === undefined) return false;
    const n = hostName(header);
    return n !== null && names.has(n);
  };
  return {
    host,
    origin(header: string | undefined): boolean {
      if (header === undefined) return true;
      const m = /^https?:\/\/([^/]+)$/i.exec(header.trim());
      return m !== null && host(m[1]);
    },
  };
}
