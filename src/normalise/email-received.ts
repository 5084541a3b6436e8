/**
 * Reading the `Received` chain of a message: where it entered the internet (the sender's IP)
 * and when the last relay handled it. Every relay prepends its header, so the lowest one was
 * written first, closest to the sender.
 */
import { isIP } from 'node:net';
import { isoTime } from './meta.js';

// Brackets hold the address a relay saw (`[203.0.113.5]`, `[IPv6:2001:db8::1]`); Exchange
// writes it in parentheses instead. Bracketed ones are trusted first because a reverse-DNS
// name such as `34.253.101.34.bc.googleusercontent.com` also looks like an address.
const BRACKETED = /\[(?:IPv6:)?([0-9A-Fa-f:.]{2,45})\]/g;
const BARE = /[0-9A-Fa-f:.]{2,45}/g;

/** The first public IP address found in the `from` clause of one Received value. */
export function receivedFromIp(value: string): string | undefined {
  const from = fromClause(value);
  if (from === undefined) return undefined;
  const candidates = [
    ...[...from.matchAll(BRACKETED)].map((m) => m[1] ?? ''),
    ...(from.match(BARE) ?? []).map((token) => token.replace(/^[:.]+|[:.]+$/g, '')),
  ];
  return candidates.find((candidate) => isIP(candidate) !== 0 && isPublicIp(candidate));
}

/** The sender's IP: the lowest Received header whose `from` clause names a public address. */
export function senderIp(received: readonly string[]): string | undefined {
  for (let i = received.length - 1; i >= 0; i -= 1) {
    const ip = receivedFromIp(received[i] ?? '');
    if (ip) return ip;
  }
  return undefined;
}

/** The newest date stamped by any relay (the text after the last `;`). */
export function newestReceivedTime(received: readonly string[]): string | undefined {
  let newest: string | undefined;
  for (const value of received) {
    const semicolon = value.lastIndexOf(';');
    if (semicolon === -1) continue;
    // Relays append a zone comment, `(PST)`, that Date.parse does not accept.
    const time = isoTime(
      value
        .slice(semicolon + 1)
        .replace(/\([^()]*\)/g, '')
        .trim(),
    );
    if (time && (!newest || time > newest)) newest = time;
  }
  return newest;
}

function fromClause(value: string): string | undefined {
  const text = value.replace(/\s+/g, ' ').trim();
  if (!/^from /i.test(text)) return undefined;
  const by = text.search(/ by /i);
  return by === -1 ? text : text.slice(0, by);
}

/** False for private, loopback, link-local, shared, documentation and multicast ranges. */
export function isPublicIp(ip: string): boolean {
  if (isIP(ip) === 4) return isPublicIpv4(ip);
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isPublicIpv4(mapped[1]);
  if (lower === '::' || lower === '::1') return false;
  const first = parseInt(lower.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (lower.startsWith('2001:db8:') || lower === '2001:db8::') return false;
  return true;
}

function isPublicIpv4(ip: string): boolean {
  const [a = 0, b = 0, c = 0] = ip.split('.').map(Number);
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  // IETF protocol assignments and the three documentation networks.
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  return true;
}
