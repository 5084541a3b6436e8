/**
 * Reads Microsoft message trace CSV exports (Exchange Online) and Exchange message tracking
 * logs (on-premises: `#Software`, `#Fields:` header lines, then CSV rows).
 */
import { columnKey, keyed, normaliseMessageTrace } from '../../normalise/message-trace.js';
import { csvRecords, parseCsvRecord } from '../csv-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem } from './items.js';

const FIELDS_PREFIX = '#Fields:';

async function* readTrace(
  format: string,
  input: InputSource,
  ctx: ReadContext,
): AsyncIterable<ReadItem> {
  let header: string[] | undefined;
  for await (const item of csvRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    const [head = ''] = item.fields;
    // Tracking logs restate `#Fields:` at the top of each file; PowerShell adds `#TYPE`.
    if (head.startsWith(FIELDS_PREFIX)) {
      header = [head.slice(FIELDS_PREFIX.length).trim(), ...item.fields.slice(1)];
      continue;
    }
    if (head.startsWith('#')) continue;
    if (!header) {
      header = item.fields;
      continue;
    }
    if (item.fields.length !== header.length) {
      const message = `${item.fields.length} fields where the header names ${header.length}`;
      yield problemItem(input.name, location, 'bad-record', message);
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = item.fields[i] as string));
    const place = { input: input.name, location };
    const outcome = normaliseMessageTrace(keyed(row), row, place, format);
    const result = outcomeItem(outcome, input.name, location);
    if (result) yield result;
  }
}

/** The header columns of a sample, from `#Fields:` or the first line that is not a comment. */
function headerOf(sample: SniffSample): Set<string> | undefined {
  for (const line of headLines(sample.head, 8)) {
    const text = line.replace(/^\uFEFF/, '');
    if (text.startsWith('#') && !text.startsWith(FIELDS_PREFIX)) continue;
    const fields = parseCsvRecord(text.startsWith(FIELDS_PREFIX) ? text.slice(8).trim() : text);
    return typeof fields === 'string' ? undefined : new Set(fields.map(columnKey));
  }
  return undefined;
}

function sniffTrace(sample: SniffSample): number {
  const text = sample.head.toString('utf8', 0, 512);
  if (/^\uFEFF?#Software: Microsoft Exchange|#Log-type: Message Tracking Log/m.test(text)) return 0;
  const columns = headerOf(sample);
  if (!columns?.has('senderaddress') || !columns.has('recipientaddress')) return 0;
  const dated = ['received', 'datetimeutc', 'origintimestamputc', 'datetime'].some((c) =>
    columns.has(c),
  );
  return dated ? 85 : 0;
}

function sniffTracking(sample: SniffSample): number {
  const text = sample.head.toString('utf8', 0, 512);
  if (!/#Log-type: Message Tracking Log/.test(text)) return 0;
  return headerOf(sample)?.has('eventid') ? 95 : 80;
}

export const messageTraceReader: FormatReader = {
  id: 'm365-message-trace',
  title: 'Microsoft 365 message trace (CSV export)',
  source: 'email',
  signature: '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP",...',
  sniff: sniffTrace,
  read: (input, ctx) => readTrace('m365-message-trace', input, ctx),
};

export const exchangeTrackingReader: FormatReader = {
  id: 'exchange-tracking',
  title: 'Exchange Server message tracking log',
  source: 'email',
  signature:
    '#Log-type: Message Tracking Log / #Fields: date-time,client-ip,...,sender-address,...',
  sniff: sniffTracking,
  read: (input, ctx) => readTrace('exchange-tracking', input, ctx),
};
