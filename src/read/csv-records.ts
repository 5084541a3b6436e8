/**
 * Streams records from comma-separated exports (RFC 4180): quoted fields may hold commas,
 * doubled quotes and line breaks, which is how portals export command lines and subjects.
 * A record is built from whole lines while its quotes are unbalanced, so memory holds one
 * record at most.
 */
import { splitLines } from './chunks.js';

export type CsvItem =
  | { kind: 'record'; fields: string[]; line: number }
  | { kind: 'error'; line: number; code: 'record-too-large' | 'bad-record'; message: string };

/** Most columns accepted in one record; the widest export Lurewatch reads has about 80. */
export const MAX_CSV_FIELDS = 1024;

/** Counts `"` in a line: an odd count leaves a quoted field open across the line break. */
function quoteParity(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count % 2;
}

/** Splits one complete record into fields; a string is why it is not valid CSV. */
export function parseCsvRecord(text: string, separator = ','): string[] | string {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (fields.length >= MAX_CSV_FIELDS) return `more than ${MAX_CSV_FIELDS} fields`;
    if (text[at] === '"') {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return 'a quoted field is not closed';
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
      if (at >= text.length) return fields;
      if (text[at] !== separator) return `text after a quoted field at column ${at + 1}`;
      at += 1;
    } else {
      const cut = text.indexOf(separator, at);
      if (cut === -1) {
        fields.push(text.slice(at));
        return fields;
      }
      fields.push(text.slice(at, cut));
      at = cut + 1;
    }
  }
}

export async function* csvRecords(
  source: AsyncIterable<Buffer>,
  maxRecordBytes: number,
  separator = ',',
): AsyncIterable<CsvItem> {
  let pending: string[] = [];
  let pendingBytes = 0;
  let open = 0;
  let firstLine = 0;
  for await (const line of splitLines(source, maxRecordBytes)) {
    if (line.kind === 'too-long') {
      const at = pending.length > 0 ? firstLine : line.number;
      yield { kind: 'error', line: at, code: 'record-too-large', message: 'record over the cap' };
      pending = [];
      pendingBytes = 0;
      open = 0;
      continue;
    }
    if (pending.length === 0) {
      if (line.text.trim().length === 0) continue;
      firstLine = line.number;
    }
    pending.push(line.text);
    pendingBytes += line.text.length + 1;
    open ^= quoteParity(line.text);
    if (open === 1 && pendingBytes <= maxRecordBytes) continue;
    const text = pending.join('\n');
    pending = [];
    pendingBytes = 0;
    if (open === 1) {
      open = 0;
      yield {
        kind: 'error',
        line: firstLine,
        code: 'record-too-large',
        message: 'record over the cap',
      };
      continue;
    }
    const fields = parseCsvRecord(text.replace(/^\uFEFF/, ''), separator);
    if (typeof fields === 'string')
      yield { kind: 'error', line: firstLine, code: 'bad-record', message: fields };
    else yield { kind: 'record', fields, line: firstLine };
  }
  if (pending.length > 0) {
    yield {
      kind: 'error',
      line: firstLine,
      code: 'bad-record',
      message: 'a quoted field is not closed at the end',
    };
  }
}

/** Pairs each record with the header row, for readers of headed CSV exports. */
export async function* csvRows(
  source: AsyncIterable<Buffer>,
  maxRecordBytes: number,
): AsyncIterable<
  { kind: 'row'; row: Record<string, string>; line: number } | Extract<CsvItem, { kind: 'error' }>
> {
  let header: string[] | undefined;
  for await (const item of csvRecords(source, maxRecordBytes)) {
    if (item.kind === 'error') {
      yield item;
      continue;
    }
    if (!header) {
      header = item.fields.map((name) => name.trim());
      continue;
    }
    if (item.fields.length !== header.length) {
      const message = `${item.fields.length} fields where the header names ${header.length}`;
      yield { kind: 'error', line: item.line, code: 'bad-record', message };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = item.fields[i] as string));
    yield { kind: 'row', row, line: item.line };
  }
}

/** The header row of a CSV sniff sample, when its first line is one. */
export function csvHeader(head: Buffer): string[] | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const end = text.indexOf('\n');
  if (end === -1) return undefined;
  const fields = parseCsvRecord(text.slice(0, end).replace(/\r$/, ''));
  return typeof fields === 'string' || fields.length < 2 ? undefined : fields.map((f) => f.trim());
}
