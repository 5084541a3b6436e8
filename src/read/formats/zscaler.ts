/**
 * Reads Zscaler NSS web logs: JSON objects (one per line, as the SIEM feed templates write
 * them) and the default feed's headerless, quoted CSV lines.
 */
import {
  DEFAULT_WEB_FEED,
  looksLikeZscaler,
  normaliseZscaler,
  nssTime,
  zscalerRow,
} from '../../normalise/zscaler.js';
import { splitLines } from '../chunks.js';
import { parseCsvRecord } from '../csv-records.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem, tooLongItem } from './items.js';
import { firstJsonRecord } from './sniff.js';

async function* readJson(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    const row = zscalerRow(item.value);
    if (!row) {
      yield problemItem(input.name, location, 'bad-record', 'not a JSON object');
      continue;
    }
    const place = { input: input.name, location };
    const result = outcomeItem(
      normaliseZscaler(row, item.value, 'zscaler-json', place),
      input.name,
      location,
    );
    if (result) yield result;
  }
}

/** Fewest columns of a default-feed line: later feed versions append columns, never drop. */
const MIN_FEED_COLUMNS = DEFAULT_WEB_FEED.length - 2;

/** The default feed's columns by name, or why the line is not one. */
function feedRow(line: string): Record<string, string> | string {
  const fields = parseCsvRecord(line);
  if (typeof fields === 'string') return fields;
  if (fields.length < MIN_FEED_COLUMNS) {
    return `${fields.length} fields where the default web feed writes ${DEFAULT_WEB_FEED.length}`;
  }
  const row: Record<string, string> = {};
  DEFAULT_WEB_FEED.forEach((name, i) => {
    if (i < fields.length) row[name] = fields[i] as string;
  });
  return row;
}

async function* readCsv(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    if (line.text.trim().length === 0) continue;
    const location = `line ${line.number}`;
    const row = feedRow(line.text);
    if (typeof row === 'string') {
      yield problemItem(input.name, location, 'bad-record', row);
      continue;
    }
    const place = { input: input.name, location };
    const result = outcomeItem(
      normaliseZscaler(row, line.text, 'zscaler-csv', place),
      input.name,
      location,
    );
    if (result) yield result;
  }
}

function sniffJson(sample: SniffSample): number {
  const record = firstJsonRecord(sample.head);
  if (record !== undefined) return looksLikeZscaler(record) ? 90 : 0;
  const text = sample.head.toString('utf8');
  return /^\s*[[{]/.test(text) && /"sourcetype"\s*:\s*"zscalernss-web"/.test(text) ? 80 : 0;
}

/** A default-feed line starts with the NSS time and has the client and server IPs in place. */
function sniffCsv(sample: SniffSample): number {
  const lines = headLines(sample.head, 10);
  if (lines.length === 0) return 0;
  const good = lines.filter((line) => {
    const row = feedRow(line);
    return (
      typeof row !== 'string' &&
      nssTime(row['time'] ?? '') !== undefined &&
      /^[\d.:a-f]+$/i.test(row['cip'] ?? '')
    );
  }).length;
  return good === lines.length ? 90 : good * 5 >= lines.length * 4 ? 60 : 0;
}

export const zscalerJsonReader: FormatReader = {
  id: 'zscaler-json',
  title: 'Zscaler NSS web log (JSON)',
  source: 'proxy',
  signature:
    '{"sourcetype":"zscalernss-web","event":{"time":...,"login":...,"eurl":...,"cip":...}}',
  sniff: sniffJson,
  read: readJson,
};

export const zscalerCsvReader: FormatReader = {
  id: 'zscaler-csv',
  title: 'Zscaler NSS web log (default feed, quoted CSV)',
  source: 'proxy',
  signature:
    '"Mon Jun 20 15:29:11 2022","login","HTTP","host/path","Allowed",...,' +
    '"cip","sip","GET","200",...',
  sniff: sniffCsv,
  read: readCsv,
};
