/**
 * IpAddress / NotIpAddress: IPv4 or IPv6 CIDR; a bare address means /32 (or
 * /128 for IPv6) ("Condition operators" › IP address).
 */
import ipaddr from 'ipaddr.js';
import { defineOperators } from './operator.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseRange(s: string): Range | undefined {
  try {
    if (s.includes('/')) return ipaddr.parseCIDR(s);
    const addr = ipaddr.parse(s);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

function parseAddress(s: string) {
  try {
    return ipaddr.process(s); // IPv4-mapped IPv6 (::ffff:a.b.c.d) compares as IPv4
  } catch {
    return undefined;
  }
}

export const ipOperators = defineOperators(
  { IpAddress: {}, NotIpAddress: { negated: true } },
  { variables: false },
  (_name, raw) => {
    const range = parseRange(raw.trim());
    if (!range) return `${JSON.stringify(raw)} is not an IP address or CIDR range`;
    return (v) => {
      const addr = parseAddress(v.trim());
      return !!addr && addr.kind() === range[0].kind() && addr.match(range);
    };
  },
);
