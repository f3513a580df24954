import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Addresses allowed even though they are loopback/private: single addresses or CIDRs, and host names. */
export interface OutboundAllowList {
  /** e.g. `127.0.0.1/32`, `10.0.0.0/8`, `::1/128` */
  readonly cidrs: readonly string[];
  /** exact host names (lower case) allowed regardless of what they resolve to */
  readonly hosts: readonly string[];
}

/** Why a URL was refused. */
export type UrlRefusal =
  | { readonly code: 'INVALID_URL'; readonly message: string }
  | { readonly code: 'SCHEME_NOT_ALLOWED'; readonly message: string }
  | { readonly code: 'UNRESOLVABLE'; readonly message: string }
  | { readonly code: 'ADDRESS_NOT_ALLOWED'; readonly message: string };

/** A URL checked for sending: the address to connect to (resolved once, so DNS cannot change it afterwards). */
export type UrlCheck =
  | { readonly ok: true; readonly url: URL; readonly address: string; readonly family: 4 | 6 }
  | ({ readonly ok: false } & UrlRefusal);

/** Resolves a host name to addresses (inject in tests; defaults to the system resolver). */
export type HostResolver = (host: string) => Promise<readonly { address: string; family: number }[]>;

const systemResolver: HostResolver = (host) => lookup(host, { all: true, verbatim: true });

/** Ranges ipaddr.js names that are refused by default. */
const REFUSED_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'private',
  'carrierGradeNat',
  'reserved',
  'uniqueLocal',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
]);

function allowedByList(address: ipaddr.IPv4 | ipaddr.IPv6, allow: OutboundAllowList): boolean {
  for (const cidr of allow.cidrs) {
    try {
      const [range, bits] = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), -1];
      const prefix = bits === -1 ? (range.kind() === 'ipv4' ? 32 : 128) : bits;
      if (range.kind() === address.kind() && address.match([range, prefix] as never)) return true;
    } catch {
      // an invalid entry allows nothing (config validation reports it)
    }
  }
  return false;
}

/** True when the address is a public unicast address, or allow-listed. */
export function isAddressAllowed(text: string, allow: OutboundAllowList): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text);
  } catch {
    return false;
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  if (allowedByList(address, allow)) return true;
  return !REFUSED_RANGES.has(address.range());
}

/**
 * Checks an outbound URL: http(s) only; the host resolved before connecting, every resolved address public (or
 * allow-listed). Returns the address to connect to. Never throws.
 */
export async function checkOutboundUrl(
  text: string,
  allow: OutboundAllowList,
  resolve: HostResolver = systemResolver,
): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'INVALID_URL', message: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: 'SCHEME_NOT_ALLOWED', message: `scheme ${url.protocol} is not allowed (http or https)` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, code: 'INVALID_URL', message: 'credentials in the URL are not allowed' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  let addresses: readonly { address: string; family: number }[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      return { ok: false, code: 'UNRESOLVABLE', message: `host ${host} does not resolve` };
    }
    if (addresses.length === 0) return { ok: false, code: 'UNRESOLVABLE', message: `host ${host} does not resolve` };
  }
  const hostAllowed = allow.hosts.includes(host);
  const refused = addresses.find((a) => !hostAllowed && !isAddressAllowed(a.address, allow));
  if (refused) {
    return {
      ok: false,
      code: 'ADDRESS_NOT_ALLOWED',
      message: `host ${host} resolves to ${refused.address}, which is not a public address (allow-list it to send there)`,
    };
  }
  const first = addresses[0]!;
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
