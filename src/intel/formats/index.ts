/**
 * The registry of intel feed formats, in sniffing order: the specific JSON and CSV layouts
 * first, the plain list last since almost any text could be one.
 */
import { abuseChFormats } from './abusech.js';
import { mispFormat } from './misp.js';
import { plainFormat } from './plain.js';
import { stixFormat } from './stix.js';
import type { IntelFormat } from './types.js';

const BY_ID = new Map<string, IntelFormat>(
  [mispFormat, stixFormat, ...abuseChFormats, plainFormat].map((f) => [f.id, f]),
);

export class UnknownIntelFormatError extends Error {
  constructor(id: string) {
    super(`unknown intel format '${id}'; known: ${[...BY_ID.keys()].join(', ')}`);
    this.name = 'UnknownIntelFormatError';
  }
}

export function intelFormats(): IntelFormat[] {
  return [...BY_ID.values()];
}

export function intelFormat(id: string): IntelFormat {
  const format = BY_ID.get(id);
  if (!format) throw new UnknownIntelFormatError(id);
  return format;
}

export function sniffIntelFormat(head: string, name: string): IntelFormat | undefined {
  return intelFormats().find((f) => f.sniff(head, name));
}

export type { FeedCollection, FeedResult, IntelFormat } from './types.js';
