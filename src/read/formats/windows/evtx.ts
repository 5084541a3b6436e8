/**
 * Binary `.evtx` files as one more Windows reader: the EVTX parser yields each record as the
 * evtx_dump JSON object, which goes through the same reduction and normaliser as the JSON
 * exports, so everything downstream treats a copied event log and its JSON export alike.
 */
import { problem } from '../../../core/problems.js';
import { normaliseWindows } from '../../../normalise/windows/index.js';
import { readEvtx, sniffEvtx } from '../../evtx/index.js';
import type { FormatReader, InputSource, ReadContext, ReadItem } from '../../types.js';
import { fromEvtxJson } from './records.js';

async function* readEvtxEvents(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const item of readEvtx(input, { logger: ctx.logger })) {
    if (item.kind === 'problem') {
      yield item;
      continue;
    }
    const offset = `0x${item.offset.toString(16)}`;
    const location = `record ${item.recordId} (chunk ${item.chunk}, offset ${offset})`;
    const record = fromEvtxJson(item.value);
    if (!record) {
      const message = 'record has no System/EventID';
      yield { kind: 'problem', problem: problem(input.name, location, 'bad-record', message) };
      continue;
    }
    const result = normaliseWindows(record, 'evtx', input.name, location, item.value);
    if (result.kind === 'event') yield result;
    else
      yield {
        kind: 'problem',
        problem: problem(input.name, location, result.code, result.message),
      };
  }
}

export const evtxReader: FormatReader = {
  id: 'evtx',
  title: 'Windows event logs as binary .evtx files',
  source: 'edr',
  signature: 'file header magic "ElfFile\\0", 64 KiB chunks starting "ElfChnk\\0"',
  sniff: (sample) => sniffEvtx(sample.head),
  read: readEvtxEvents,
};
