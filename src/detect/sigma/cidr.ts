/**
 * CIDR ranges for the `cidr` modifier, IPv4 and IPv6, compared as byte arrays so that one code
 * path serves both. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is compared as IPv4,
 * because Windows logs write IPv4 peers of dual-stack sockets that way.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface CidrRange {
  text: string;
  bytes: Uint8Array;
  prefix: number;
}

export function parseIp(text: string): Uint8Array | undefined {
  let value = text.trim();
  // Zone ids (fe80::1%12) and brackets ([::1]) appear in some exports.
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone >= 0) value = value.slice(0, zone);
  if (isIPv4(value)) return Uint8Array.from(value.split('.').map(Number));
  if (!isIPv6(value)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped?.[1] && isIPv4(mapped[1])) return Uint8Array.from(mapped[1].split('.').map(Number));
  return ipv6Bytes(value);
}

function ipv6Bytes(value: string): Uint8Array {
  let text = value;
  const tail: number[] = [];
  // An embedded IPv4 tail fills the last 32 bits.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    tail.push(...v4[1].split('.').map(Number));
    text = text.slice(0, -v4[1].length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const groupsOf = (part: string): number[] =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const before = groupsOf(head);
  const after = rest === undefined ? [] : groupsOf(rest);
  const zeros = 8 - before.length - after.length;
  const groups = [...before, ...new Array<number>(Math.max(zeros, 0)).fill(0), ...after];
  const bytes = new Uint8Array(16);
  groups.slice(0, 8).forEach((group, i) => {
    bytes[i * 2] = (group >> 8) & 0xff;
    bytes[i * 2 + 1] = group & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

export function parseCidr(text: string): CidrRange | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const bytes = parseIp(address);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { text, bytes, prefix };
}

export function cidrContains(range: CidrRange, address: Uint8Array): boolean {
  if (address.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] as number) & mask) !== ((range.bytes[i] as number) & mask)) return false;
  }
  return true;
}
