/** Reads osquery result logs (JSON lines from the filesystem logger or a log shipper). */
import { looksLikeOsquery, normaliseOsquery, osqueryRows } from '../../normalise/osquery.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { outcomeItem, problemItem } from './items.js';
import { firstJsonRecord } from './sniff.js';

async function* readOsquery(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    const rows = osqueryRows(item.value);
    if (!rows) {
      yield problemItem(input.name, location, 'bad-record', 'not an osquery result line');
      continue;
    }
    for (const row of rows) {
      // Each row of a batch is its own record: its evidence is the row and the query naming it.
      const original = rows.length === 1 ? item.value : row;
      const place = { input: input.name, location };
      const result = outcomeItem(
        normaliseOsquery(row, original, place, 'osquery-json'),
        input.name,
        location,
      );
      if (result) yield result;
    }
  }
}

function sniffOsquery(sample: SniffSample): number {
  const record = firstJsonRecord(sample.head);
  return record !== undefined && looksLikeOsquery(record) ? 90 : 0;
}

export const osqueryReader: FormatReader = {
  id: 'osquery-json',
  title: 'osquery results: process_events and file_events (JSON lines)',
  source: 'edr',
  signature:
    '{"name":"process_events","hostIdentifier":...,"unixTime":...,"columns":{"pid":...,' +
    '"path":...,"cmdline":...,"parent":...},"action":"added"}',
  sniff: sniffOsquery,
  read: readOsquery,
};
