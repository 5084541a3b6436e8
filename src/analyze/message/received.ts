/**
 * The Received chain as hops, oldest first. Each relay prepends its header, so the last
 * Received header was written nearest the sender and the first by the recipient's own server.
 * Only the recipient's own relays can be trusted; earlier hops may be forged by the sender.
 */
import { isIP } from 'node:net';
import type { Hop } from '../types.js';

// A header longer than this is padding or an attack on the parser, not a relay's stamp.
const MAX_HEADER_CHARS = 4_096;
// Real chains are under 20 hops; more are forged or looping.
const MAX_HOPS = 64;

const IPV4 = /(?:^|[^\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])/;
const IPV6 = /\[(?:IPv6:)?([0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})\]/;

export function parseHops(received: string[]): Hop[] {
  const hops: Hop[] = [];
  const oldestFirst = received.slice(0, MAX_HOPS).reverse();
  let previous: number | undefined;
  for (const [i, raw] of oldestFirst.entries()) {
    const hop = parseReceived(raw.slice(0, MAX_HEADER_CHARS), i + 1);
    const time = hop.time ? Date.parse(hop.time) : NaN;
    if (!Number.isNaN(time)) {
      if (previous !== undefined) hop.delaySeconds = Math.round((time - previous) / 1000);
      previous = time;
    }
    hops.push(hop);
  }
  return hops;
}

function parseReceived(header: string, index: number): Hop {
  const text = header.replace(/\s+/g, ' ').trim();
  const hop: Hop = { index };
  const semicolon = text.lastIndexOf(';');
  const clauses = semicolon >= 0 ? text.slice(0, semicolon) : text;

  const byAt = clauses.search(/(?:^|\s)by\s/i);
  const fromClause = byAt >= 0 ? clauses.slice(0, byAt) : clauses;
  const from = /^from\s+([^\s;()]+)/i.exec(fromClause);
  if (from) hop.from = from[1];
  const by = /(?:^|\s)by\s+([^\s;()]+)/i.exec(clauses);
  if (by) hop.by = by[1];

  const ip = IPV6.exec(fromClause)?.[1] ?? IPV4.exec(fromClause)?.[1];
  if (ip && isIP(ip)) hop.ip = ip;

  if (semicolon >= 0) {
    const date = new Date(
      text
        .slice(semicolon + 1)
        .trim()
        .replace(/\s*\([^)]*\)\s*$/, ''),
    );
    if (!Number.isNaN(date.getTime())) hop.time = date.toISOString();
  }
  return hop;
}

/** Private, loopback, link-local and shared ranges say nothing about the sender. */
export function isPublicIp(ip: string): boolean {
  if (isIP(ip) === 6) return !/^(?:::1$|fe[89ab]|f[cd]|::ffff:(?:10|127|192\.168)\.)/i.test(ip);
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

/** The first public address in the chain, oldest first: where the message entered mail. */
export function originatingIp(hops: Hop[], headers: Map<string, string>): string | undefined {
  for (const name of ['x-originating-ip', 'x-sender-ip', 'x-php-originating-ip']) {
    const value = headers.get(name);
    const ip = value && IPV4.exec(value)?.[1];
    if (ip && isIP(ip) && isPublicIp(ip)) return ip;
  }
  return hops.find((hop) => hop.ip && isPublicIp(hop.ip))?.ip;
}
