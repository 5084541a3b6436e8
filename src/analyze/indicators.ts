/**
 * Collects URLs, domains, IP addresses and hashes seen anywhere in an item, deduplicated, for
 * the analyst to pivot on. Extraction patterns are linear: one bounded character class each.
 */
import { isIP } from 'node:net';
import type { Indicators } from './types.js';

// An item with more distinct indicators than this is a generator, not a lure; keep the first.
const MAX_PER_KIND = 5_000;
// URLs longer than this are truncated data blobs rather than links worth a lookup.
const URL_PATTERN = /\b(?:https?|ftp|hxxps?):\/\/[^\s"'<>()[\]{}\\^`|]{1,2048}/gi;
const IPV4_PATTERN = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;

export class IndicatorSet {
  private readonly urls = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly ips = new Set<string>();
  private readonly hashes = new Set<string>();

  /** Adds every URL found in `text`, with its host as a domain or IP. */
  addText(text: string): void {
    for (const match of text.matchAll(URL_PATTERN)) this.addUrl(match[0]);
  }

  addUrl(raw: string): void {
    // Links copied out of HTML and XML keep entities; `&quot;` ends an attribute value.
    const unquoted = raw.replace(/&(?:quot|apos|lt|gt|#3[49]|#x2[27]);[^]*$/i, '');
    const url = unquoted.replace(/&amp;/g, '&').replace(/[.,;:!?]+$/, '');
    if (!add(this.urls, url)) return;
    try {
      const host = new URL(url.replace(/^hxxp/i, 'http')).hostname.replace(/^\[|\]$/g, '');
      if (isIP(host)) this.addIp(host);
      else if (host.includes('.')) add(this.domains, host.toLowerCase());
    } catch {
      // Not a parseable URL; it is still kept as seen.
    }
  }

  addDomain(domain: string): void {
    if (domain.includes('.')) add(this.domains, domain.toLowerCase());
  }

  addIp(ip: string): void {
    if (isIP(ip)) add(this.ips, ip);
  }

  /** Adds IPv4 addresses written as text (headers, scripts). */
  addIpsFromText(text: string): void {
    for (const match of text.matchAll(IPV4_PATTERN)) this.addIp(match[0]);
  }

  addHash(hash: string): void {
    add(this.hashes, hash);
  }

  toJSON(): Indicators {
    return {
      urls: [...this.urls],
      domains: [...this.domains],
      ips: [...this.ips],
      hashes: [...this.hashes],
    };
  }
}

function add(set: Set<string>, value: string): boolean {
  if (set.has(value) || set.size >= MAX_PER_KIND) return false;
  set.add(value);
  return true;
}

export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => m[0]);
}
