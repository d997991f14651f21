import { BlockList, isIPv4, isIPv6 } from 'node:net';

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The source networks a device may report from, as CIDR strings (`10.8.0.0/24`, `fd00::/64`; the
 * zod schema of the devices API checks them). An empty list allows any address: devices registered
 * before networks existed keep working until an operator sets theirs.
 */
export class Networks {
  private readonly list: BlockList | null;

  constructor(readonly cidrs: readonly string[]) {
    if (!cidrs.length) {
      this.list = null;
      return;
    }
    const list = new BlockList();
    for (const cidr of cidrs) {
      const [net, bits] = cidr.split('/');
      const type = isIPv4(net!) ? 'ipv4' : 'ipv6';
      list.addSubnet(net!, Number(bits ?? (type === 'ipv4' ? 32 : 128)), type);
    }
    this.list = list;
  }

  /** Whether `address` (req.ip, possibly an IPv4-mapped IPv6 address) may report. */
  allows(address: string | undefined): boolean {
    if (!this.list) return true;
    if (!address) return false;
    const mapped = MAPPED_V4.exec(address);
    if (mapped) return this.list.check(mapped[1]!, 'ipv4');
    if (isIPv4(address)) return this.list.check(address, 'ipv4');
    if (isIPv6(address)) return this.list.check(address, 'ipv6');
    return false;
  }
}
