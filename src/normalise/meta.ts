/**
 * Building blocks every normaliser shares: stable event ids, timestamps, paths and hashes.
 */
import { createHash } from 'node:crypto';
import type { FileInfo, HashSet, LurewatchMeta, SourceKind } from '../model/event.js';

/**
 * An event's id is derived from its original record, so the same record read from another copy
 * of the same export (another path, another run) gets the same id and is stored once.
 */
export function eventId(original: unknown): string {
  const text = typeof original === 'string' ? original : JSON.stringify(original);
  return `ev-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

export function meta(
  format: string,
  source: SourceKind,
  input: string,
  location: string,
  original: unknown,
): LurewatchMeta {
  return { id: eventId(original), format, source, input, location };
}

/** Parses a timestamp to ISO 8601 UTC; undefined when it is not one. */
export function isoTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds (Zeek, Squid) versus milliseconds: seconds stay below 1e11 until year 5138.
    const ms = value < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  let text = value.trim();
  // Sysmon's UtcTime and similar: `2023-08-16 04:54:11.992`, UTC without a zone marker.
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text))
    text = `${text.replace(' ', 'T')}Z`;
  if (/^\d+(\.\d+)?$/.test(text)) return isoTime(Number(text));
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Splits a Windows or POSIX path into the ECS file fields. */
export function fileFromPath(path: string): FileInfo {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const name = cut === -1 ? path : path.slice(cut + 1);
  const dot = name.lastIndexOf('.');
  const info: FileInfo = { path, name };
  if (cut > 0) info.directory = path.slice(0, cut);
  if (dot > 0 && dot < name.length - 1) info.extension = name.slice(dot + 1).toLowerCase();
  return info;
}

/** Reads `SHA1=..,MD5=..,SHA256=..,IMPHASH=..` (Sysmon's Hashes and Hash fields). */
export function parseHashList(text: unknown): HashSet | undefined {
  if (typeof text !== 'string' || text.length > 1024) return undefined;
  const hashes: HashSet = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const kind = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!/^[0-9a-f]+$/.test(value)) continue;
    if (kind === 'sha256' && value.length === 64) hashes.sha256 = value;
    else if (kind === 'sha1' && value.length === 40) hashes.sha1 = value;
    else if (kind === 'md5' && value.length === 32) hashes.md5 = value;
  }
  return Object.keys(hashes).length > 0 ? hashes : undefined;
}

/** The last path component, for process names. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/** The host of a URL, lower-cased; undefined when the text is not a URL. */
export function urlHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
