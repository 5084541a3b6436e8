/**
 * Reads Zeek's tab-separated logs. Each log opens with `#` directives that say how to read the
 * rest (separator, the set separator, the empty and unset markers, the path, the field names
 * and their types); a file may hold several logs one after another, each with its own header.
 */
import {
  normaliseZeek,
  ZEEK_PATHS,
  zeekPathFromFields,
  type ZeekRecord,
} from '../../normalise/zeek.js';
import { splitLines } from '../chunks.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { outcomeItem, problemItem, tooLongItem } from './items.js';

// Zeek's widest logs have under 100 columns; 1,000 leaves room for local extensions.
const MAX_FIELDS = 1000;
const ESCAPE = /\\(x[0-9a-fA-F]{2}|\\)/g;

interface Header {
  separator: string;
  setSeparator: string;
  empty: string;
  unset: string;
  /** From `#path`, else inferred from `#fields`. */
  path?: string;
  fields?: string[];
  types?: string[];
}

const fresh = (separator = '\t'): Header => ({
  separator,
  setSeparator: ',',
  empty: '(empty)',
  unset: '-',
});

/** Zeek writes bytes it cannot print, and the separator itself, as `\xNN`. */
export function unescapeZeek(value: string): string {
  if (!value.includes('\\')) return value;
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of value.matchAll(ESCAPE)) {
    const escape = match[1] ?? '';
    parts.push(Buffer.from(value.slice(last, match.index), 'utf8'));
    parts.push(escape === '\\' ? Buffer.from('\\') : Buffer.from([parseInt(escape.slice(1), 16)]));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(value.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}

/** One column's text as the value its `#types` entry says. */
function typed(raw: string, type: string, header: Header): unknown {
  const container = /^(set|vector|table)\[/.test(type);
  if (raw === header.empty) return container ? [] : '';
  if (container) return raw.split(header.setSeparator).map(unescapeZeek);
  switch (type) {
    case 'time':
    case 'interval':
    case 'double':
    case 'count':
    case 'int':
    case 'port': {
      const value = Number(raw);
      return Number.isFinite(value) ? value : raw;
    }
    case 'bool':
      return raw === 'T' ? true : raw === 'F' ? false : raw;
    default:
      return unescapeZeek(raw);
  }
}

/** Applies one `#` line to the header; returns an error message when it is malformed. */
function applyDirective(line: string, header: Header): Header | string {
  if (line.startsWith('#separator ')) {
    const value = unescapeZeek(line.slice('#separator '.length).trim());
    if (value.length !== 1) return `separator '${line.slice(11, 40)}' is not one character`;
    return fresh(value);
  }
  const cut = line.indexOf(header.separator);
  const name = cut === -1 ? line.slice(1) : line.slice(1, cut);
  const rest = cut === -1 ? [] : line.slice(cut + 1).split(header.separator);
  const value = rest[0] ?? '';
  switch (name) {
    case 'set_separator':
      return value ? { ...header, setSeparator: unescapeZeek(value) } : 'empty set_separator';
    case 'empty_field':
      return value ? { ...header, empty: value } : 'empty empty_field';
    case 'unset_field':
      return value ? { ...header, unset: value } : 'empty unset_field';
    case 'path':
      return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? { ...header, path: value } : 'bad #path';
    case 'fields':
      if (rest.length === 0 || rest.some((f) => f.length === 0) || rest.length > MAX_FIELDS)
        return `#fields lists ${rest.length} names, some empty or over ${MAX_FIELDS}`;
      return {
        ...header,
        fields: rest,
        types: undefined,
        path: header.path ?? zeekPathFromFields(rest),
      };
    case 'types':
      if (header.fields && rest.length !== header.fields.length)
        return `#types lists ${rest.length} types for ${header.fields.length} fields`;
      return { ...header, types: rest };
    default:
      // #open, #close and comments carry nothing needed to read the rows.
      return header;
  }
}

async function* readZeekTsv(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  let header = fresh();
  // Once a header is found broken, rows are unreadable until the next good `#fields`.
  let broken = false;
  const skipped = new Map<string, number>();

  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    const location = `line ${line.number}`;
    if (line.text.length === 0) continue;

    if (line.text.startsWith('#')) {
      const next = applyDirective(line.text, header);
      if (typeof next === 'string') {
        broken = true;
        yield problemItem(input.name, location, 'bad-header', next);
      } else {
        // A new log or a new field list starts a readable stretch again.
        if (/^#(separator |fields)/.test(line.text)) broken = false;
        header = next;
      }
      continue;
    }

    const { fields } = header;
    if (!fields || broken) {
      const why = broken ? 'the header above it is malformed' : 'no #fields header precedes it';
      yield problemItem(input.name, location, 'bad-record', `row cannot be read: ${why}`);
      continue;
    }
    const columns = line.text.split(header.separator);
    if (columns.length !== fields.length) {
      const message = `${columns.length} columns where #fields names ${fields.length}`;
      yield problemItem(input.name, location, 'bad-record', message);
      continue;
    }

    const path = header.path ?? 'unknown';
    if (!ZEEK_PATHS.includes(path)) {
      skipped.set(path, (skipped.get(path) ?? 0) + 1);
      continue;
    }
    const record: ZeekRecord = {};
    fields.forEach((field, i) => {
      const raw = columns[i] as string;
      if (raw !== header.unset) record[field] = typed(raw, header.types?.[i] ?? 'string', header);
    });
    const original = { _path: path, ...record };
    const place = { input: input.name, location };
    const item = outcomeItem(
      normaliseZeek('zeek-tsv', path, record, original, place),
      input.name,
      location,
    );
    if (item) yield item;
  }

  for (const [path, count] of skipped) {
    ctx.logger.info('zeek log not modelled, rows skipped', { input: input.name, path, count });
  }
}

function sniffZeekTsv(sample: SniffSample): number {
  const text = sample.head.subarray(0, 4096).toString('latin1');
  if (text.startsWith('#separator ')) return 95;
  return /^#fields\t/m.test(text) && /^#path\t/m.test(text) ? 90 : 0;
}

export const zeekTsvReader: FormatReader = {
  id: 'zeek-tsv',
  title: 'Zeek logs, tab-separated (http, files, conn, dns)',
  source: 'proxy',
  signature: 'a #separator line, then #fields/#types headers and tab-separated rows',
  sniff: sniffZeekTsv,
  read: readZeekTsv,
};
