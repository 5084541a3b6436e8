/**
 * Reads Microsoft 365 Defender advanced-hunting exports: JSON (the streaming API's
 * `{category, properties}` envelopes, the hunting API's `{Schema, Results}` document, or rows
 * as JSON lines or an array) and the portal's CSV export. Email-table rows are joined to their
 * EmailEvents row here, so an attachment event carries its message's subject.
 */
import {
  EmailJoin,
  looksLikeDefender,
  messageFacts,
  messageKey,
  normaliseDefender,
  tableOf,
  unwrapDefender,
  type DefenderTable,
} from '../../normalise/m365-defender/index.js';
import type { MessageFacts } from '../../normalise/m365-defender/email.js';
import { isObject, type Row } from '../../normalise/row.js';
import { csvHeader, csvRows } from '../csv-records.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { outcomeItem, problemItem } from './items.js';
import { firstJsonRecord } from './sniff.js';

type RowItem =
  | { kind: 'row'; value: unknown; line: number }
  | {
      kind: 'error';
      line: number;
      code: 'bad-json' | 'record-too-large' | 'bad-record';
      message: string;
    };

interface Pending {
  row: Row;
  table: DefenderTable | undefined;
  location: string;
  original: unknown;
}

/** Tables whose rows take the subject and sender address of their EmailEvents row. */
const JOINED: ReadonlySet<DefenderTable> = new Set(['EmailAttachmentInfo', 'EmailUrlInfo']);

async function* normaliseRows(
  format: string,
  input: InputSource,
  rows: AsyncIterable<RowItem>,
): AsyncIterable<ReadItem> {
  const join = new EmailJoin<Pending>();
  const emit = (p: Pending, facts?: MessageFacts): ReadItem | undefined => {
    const place = { input: input.name, location: p.location };
    const outcome = normaliseDefender(format, p.row, p.table, place, p.original, facts);
    return outcomeItem(outcome, input.name, p.location);
  };

  for await (const item of rows) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    for (const value of expand(item.value)) {
      const unwrapped = unwrapDefender(value);
      if (!unwrapped) {
        yield problemItem(input.name, location, 'bad-record', 'not an advanced-hunting row');
        continue;
      }
      const { row } = unwrapped;
      const table = tableOf(row, unwrapped.named);
      const key = messageKey(row);
      const pending: Pending = { row, table, location, original: value };
      const facts = table && JOINED.has(table) && key ? join.lookup(key, pending) : undefined;
      if (facts === 'held') continue;
      const result = emit(pending, facts);
      if (result) yield result;
      if (table === 'EmailEvents' && key) {
        const facts = messageFacts(row);
        for (const waiting of join.message(key, facts)) {
          const released = emit(waiting, facts);
          if (released) yield released;
        }
      }
    }
  }
  for (const waiting of join.drain()) {
    const released = emit(waiting);
    if (released) yield released;
  }
}

/** Rows inside the hunting API's `{Schema, Results}` document; any other value is one row. */
function expand(value: unknown): unknown[] {
  if (isObject(value) && Array.isArray(value['Results']) && Array.isArray(value['Schema'])) {
    return value['Results'];
  }
  return [value];
}

async function* jsonRows(input: InputSource, ctx: ReadContext): AsyncIterable<RowItem> {
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    yield item.kind === 'record' ? { kind: 'row', value: item.value, line: item.line } : item;
  }
}

async function* csvRowItems(input: InputSource, ctx: ReadContext): AsyncIterable<RowItem> {
  for await (const item of csvRows(input.chunks(), ctx.limits.maxRecordBytes)) {
    yield item.kind === 'row' ? { kind: 'row', value: item.row, line: item.line } : item;
  }
}

function sniffJson(sample: SniffSample): number {
  const record = firstJsonRecord(sample.head);
  if (record !== undefined) {
    const rows = expand(record);
    return rows.length > 0 && looksLikeDefender(rows[0]) ? 90 : 0;
  }
  const text = sample.head.toString('utf8');
  if (!/^\s*[[{]/.test(text)) return 0;
  if (/"category"\s*:\s*"AdvancedHunting-/.test(text)) return 85;
  return /"Timestamp"\s*:/.test(text) &&
    /"(ReportId|NetworkMessageId|InitiatingProcessFileName)"\s*:/.test(text)
    ? 70
    : 0;
}

function sniffCsv(sample: SniffSample): number {
  const header = csvHeader(sample.head);
  if (!header || !header.includes('Timestamp')) return 0;
  return looksLikeDefender(Object.fromEntries(header.map((name) => [name, '']))) ? 90 : 0;
}

export const m365DefenderJsonReader: FormatReader = {
  id: 'm365-defender-json',
  title: 'Microsoft 365 Defender advanced hunting (JSON: streaming API, hunting API, rows)',
  source: 'edr',
  signature:
    '{"category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":...}} ' +
    'or {"Timestamp":...,"DeviceName":...,"ActionType":...,"ReportId":...}',
  sniff: sniffJson,
  read: (input, ctx) => normaliseRows('m365-defender-json', input, jsonRows(input, ctx)),
};

export const m365DefenderCsvReader: FormatReader = {
  id: 'm365-defender-csv',
  title: 'Microsoft 365 Defender advanced hunting (CSV export)',
  source: 'edr',
  signature: 'Timestamp,DeviceId,DeviceName,ActionType,FileName,FolderPath,SHA256,...,ReportId',
  sniff: sniffCsv,
  read: (input, ctx) => normaliseRows('m365-defender-csv', input, csvRowItems(input, ctx)),
};
