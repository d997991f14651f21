import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where the workers may send what a user typed (a Web Push endpoint is a URL a browser hands in):
 * global unicast addresses only. Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16 with the cloud metadata service at 169.254.169.254, fe80::/10), shared
 * carrier NAT (100.64/10), unspecified (0.0.0.0, ::), multicast, reserved, and IPv6 forms that carry
 * an IPv4 address elsewhere (6to4, Teredo, NAT64) are refused; an IPv4-mapped address
 * (::ffff:127.0.0.1) is judged as the IPv4 address it is. `allowed` names networks let through
 * anyway (a private push relay), as CIDR.
 */
export class OutboundPolicy {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(allowed: readonly string[] = []) {
    this.allowed = allowed.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Why an address may not be reached, or null when it may. */
  refusal(address: string): string | null {
    if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
    let ip = ipaddr.parse(address);
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
      ip = (ip as ipaddr.IPv6).toIPv4Address();
    if (this.allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return null;
    const range = ip.range();
    return range === 'unicast' ? null : `${address} is not a public address (${range})`;
  }

  /**
   * A DNS lookup for an https.Agent that resolves, refuses what this policy refuses, and hands the
   * socket the very addresses it checked: the connection goes where the check looked, so a name that
   * resolves differently a moment later (DNS rebinding) changes nothing.
   */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, found: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const ok = found.filter((a) => this.refusal(a.address) === null);
        if (!ok.length)
          return callback(
            new RefusedAddressError(`${hostname}: ${this.refusal(found[0]!.address) ?? 'no address'}`),
            '',
            0,
          );
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
        callback(null, ok[0]!.address, ok[0]!.family);
      });
    };
  }

  /**
   * A URL the workers may be asked to call: https, and not a literal address this policy refuses
   * (names are checked when they are resolved, at send time, by lookup()).
   */
  urlRefusal(url: string): string | null {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return 'not a URL';
    }
    if (u.protocol !== 'https:') return `${u.protocol.replace(':', '')} is not https`;
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) return this.refusal(host);
    return null;
  }
}

export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}
