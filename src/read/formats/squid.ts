/**
 * Reads Squid access logs, one request per line, in the three layouts proxies are configured
 * with: native (`logformat squid`, the default), combined/common, and the extended layout.
 * Each layout is a parser to the native record; reading and sniffing are shared.
 */
import { normaliseSquid, parseSquidLine, type SquidRecord } from '../../normalise/squid.js';
import { parseSquidCombined, parseSquidExtended } from '../../normalise/squid-layouts.js';
import { splitLines } from '../chunks.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem, tooLongItem } from './items.js';

interface SquidLayout {
  id: string;
  title: string;
  signature: string;
  /** A record, or the reason the line is not in this layout. */
  parse: (line: string) => SquidRecord | string;
}

async function* readSquid(
  layout: SquidLayout,
  input: InputSource,
  ctx: ReadContext,
): AsyncIterable<ReadItem> {
  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    if (line.text.trim().length === 0) continue;
    const location = `line ${line.number}`;
    const record = layout.parse(line.text);
    if (typeof record === 'string') {
      yield problemItem(input.name, location, 'bad-record', record);
      continue;
    }
    const place = { input: input.name, location };
    const item = outcomeItem(
      normaliseSquid(record, line.text, place, layout.id),
      input.name,
      location,
    );
    if (item) yield item;
  }
}

/** Most of the first lines must parse; one damaged line does not hide a Squid log. */
function sniffSquid(layout: SquidLayout, sample: SniffSample): number {
  const lines = headLines(sample.head, 20);
  if (lines.length === 0) return 0;
  const good = lines.filter((line) => typeof layout.parse(line) !== 'string').length;
  if (good === lines.length) return 90;
  return good >= 2 && good * 5 >= lines.length * 4 ? 60 : 0;
}

function readerFor(layout: SquidLayout): FormatReader {
  return {
    id: layout.id,
    title: layout.title,
    source: 'proxy',
    signature: layout.signature,
    sniff: (sample) => sniffSquid(layout, sample),
    read: (input, ctx) => readSquid(layout, input, ctx),
  };
}

export const squidReader = readerFor({
  id: 'squid',
  title: 'Squid access.log (native format)',
  signature: 'time elapsed client code/status bytes method URL user hierarchy/peer type',
  parse: parseSquidLine,
});

export const squidCombinedReader = readerFor({
  id: 'squid-combined',
  title: 'Squid access.log (combined or common format)',
  signature:
    'client ident user [dd/Mon/yyyy:hh:mm:ss +zone] "METHOD URL HTTP/1.1" status bytes' +
    ' "referer" "agent" code:hierarchy',
  parse: parseSquidCombined,
});

export const squidExtendedReader = readerFor({
  id: 'squid-extended',
  title: 'Squid access.log (extended: native plus ports, sizes, referrer, agent, Host)',
  signature:
    'time elapsed client port code/status bytes ... method URL 1.1 user hierarchy/peer' +
    ' port type - - "referer" "agent" "host" "xff" ms -',
  parse: parseSquidExtended,
});

export const squidReaders: FormatReader[] = [squidReader, squidCombinedReader, squidExtendedReader];
