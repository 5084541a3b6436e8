/**
 * Reads Zeek logs written as JSON lines. The log type is not in the rows unless a shipper
 * added it (`_path`, `@stream`); otherwise it is inferred from the row's field names.
 */
import {
  normaliseZeek,
  ZEEK_PATHS,
  zeekPathFromFields,
  type ZeekRecord,
} from '../../normalise/zeek.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem } from './items.js';

/** The log type a record comes from, or undefined when nothing says. */
export function zeekPathOf(record: ZeekRecord): string | undefined {
  for (const key of ['_path', '@stream']) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0 && value.length <= 64) return value;
  }
  return zeekPathFromFields(Object.keys(record));
}

/**
 * Flattens the forms the connection tuple takes in JSON: Zeek's own `id.orig_h`, a nested
 * `id: {orig_h}`, or `id_orig_h` as some shippers rename dotted keys.
 */
export function flattenZeekJson(value: Record<string, unknown>): ZeekRecord {
  const record: ZeekRecord = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === 'id' && member && typeof member === 'object' && !Array.isArray(member)) {
      for (const [inner, v] of Object.entries(member)) record[`id.${inner}`] = v;
    } else if (/^id_(orig|resp)_[hp]$/.test(key)) {
      record[`id.${key.slice(3)}`] = member;
    } else {
      record[key] = member;
    }
  }
  return record;
}

function looksLikeZeek(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = flattenZeekJson(value as Record<string, unknown>);
  if (!('ts' in record)) return false;
  // Shippers that name the log (`_path`, `@stream`) make any Zeek log recognisable.
  const named = record['@proc'] === 'zeek' || typeof record['_path'] === 'string';
  return named || 'uid' in record || 'fuid' in record || 'id.orig_h' in record;
}

async function* readZeekJson(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  const skipped = new Map<string, number>();
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    if (!item.value || typeof item.value !== 'object' || Array.isArray(item.value)) {
      yield problemItem(input.name, location, 'bad-record', 'a Zeek row must be a JSON object');
      continue;
    }
    const record = flattenZeekJson(item.value as Record<string, unknown>);
    const path = zeekPathOf(record) ?? 'unknown';
    const place = { input: input.name, location };
    const outcome = normaliseZeek('zeek-json', path, record, item.value, place);
    if (!outcome.ok && outcome.code === 'skipped') skipped.set(path, (skipped.get(path) ?? 0) + 1);
    const read = outcomeItem(outcome, input.name, location);
    if (read) yield read;
  }
  for (const [path, count] of skipped) {
    ctx.logger.info('zeek log not modelled, rows skipped', { input: input.name, path, count });
  }
}

function sniffZeekJson(sample: SniffSample): number {
  const lines = headLines(sample.head, 10);
  let zeek = 0;
  for (const line of lines) {
    try {
      if (looksLikeZeek(JSON.parse(line))) zeek += 1;
    } catch {
      // A line that is not JSON counts against the sample below.
    }
  }
  if (zeek === 0) return 0;
  return zeek === lines.length ? 85 : zeek * 2 >= lines.length ? 50 : 0;
}

export const zeekJsonReader: FormatReader = {
  id: 'zeek-json',
  title: `Zeek logs, JSON lines (${ZEEK_PATHS.join(', ')})`,
  source: 'proxy',
  signature: 'one JSON object per line with ts, uid or fuid and id.orig_h-style fields',
  sniff: sniffZeekJson,
  read: readZeekJson,
};
