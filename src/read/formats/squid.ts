/** Reads Squid's native `access.log`, one request per line. */
import { normaliseSquid, parseSquidLine } from '../../normalise/squid.js';
import { splitLines } from '../chunks.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem, tooLongItem } from './items.js';

async function* readSquid(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    if (line.text.trim().length === 0) continue;
    const location = `line ${line.number}`;
    const record = parseSquidLine(line.text);
    if (typeof record === 'string') {
      yield problemItem(input.name, location, 'bad-record', record);
      continue;
    }
    const outcome = normaliseSquid(record, line.text, { input: input.name, location });
    const item = outcomeItem(outcome, input.name, location);
    if (item) yield item;
  }
}

/** Most of the first lines must parse; one damaged line does not hide a Squid log. */
function sniffSquid(sample: SniffSample): number {
  const lines = headLines(sample.head, 20);
  if (lines.length === 0) return 0;
  const good = lines.filter((line) => typeof parseSquidLine(line) !== 'string').length;
  if (good === lines.length) return 90;
  return good >= 2 && good * 5 >= lines.length * 4 ? 60 : 0;
}

export const squidReader: FormatReader = {
  id: 'squid',
  title: 'Squid access.log (native format)',
  source: 'proxy',
  signature: 'time elapsed client code/status bytes method URL user hierarchy/peer type',
  sniff: sniffSquid,
  read: readSquid,
};
