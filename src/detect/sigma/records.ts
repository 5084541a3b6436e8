/**
 * Where the engine's events come from: the user's inputs (files, directories, zip and gzip
 * containers) expanded by `read/inputs.ts`, each handed to the first record producer that
 * recognises its first bytes. JSON (evtx_dump output, OTRF flat records) is built in; a
 * producer for binary EVTX or another format registers in `RECORD_PRODUCERS`.
 */
import { problem, type Problem } from '../../core/problems.js';
import { peek } from '../../read/chunks.js';
import { expandInputs } from '../../read/inputs.js';
import { jsonRecords } from '../../read/json-records.js';
import {
  DEFAULT_READ_LIMITS,
  SNIFF_BYTES,
  type InputSource,
  type ReadLimits,
} from '../../read/types.js';
import { readEvtx, sniffEvtx } from '../../read/evtx/index.js';
import { toSigmaEvent, type SigmaEvent } from './event.js';

export interface SigmaRecord {
  event: SigmaEvent;
  /** The input as the user named it (`archive.zip!/member.json`). */
  input: string;
  /** Where in the input: `line 12`, `record 4`. */
  location: string;
}

export type SigmaRecordItem =
  { kind: 'record'; record: SigmaRecord } | { kind: 'problem'; problem: Problem };

export interface RecordProducer {
  id: string;
  /** Confidence 0-100 that this producer reads the input, from its first bytes. */
  sniff(head: Buffer, name: string): number;
  records(
    chunks: AsyncIterable<Buffer>,
    input: InputSource,
    limits: ReadLimits,
  ): AsyncIterable<SigmaRecordItem>;
}

export const jsonProducer: RecordProducer = {
  id: 'json',
  sniff(head) {
    const first = head.toString('utf8', 0, Math.min(head.length, 4096)).trimStart()[0];
    return first === '{' || first === '[' ? 60 : 0;
  },
  async *records(chunks, input, limits) {
    for await (const item of jsonRecords(chunks, limits.maxRecordBytes)) {
      const location = `line ${item.line}`;
      if (item.kind === 'error') {
        yield { kind: 'problem', problem: problem(input.name, location, item.code, item.message) };
        continue;
      }
      const event = toSigmaEvent(item.value);
      if (event) yield { kind: 'record', record: { event, input: input.name, location } };
      else {
        yield {
          kind: 'problem',
          problem: problem(input.name, location, 'bad-record', 'a JSON record must be an object'),
        };
      }
    }
  },
};

/** Binary EVTX: the parser yields the evtx_dump object the JSON producer would have read. */
export const evtxProducer: RecordProducer = {
  id: 'evtx',
  sniff: (head) => sniffEvtx(head),
  async *records(chunks, input) {
    for await (const item of readEvtx({ ...input, chunks: () => chunks })) {
      if (item.kind === 'problem') {
        yield item;
        continue;
      }
      const event = toSigmaEvent(item.value);
      const location = `record ${item.recordId} (chunk ${item.chunk})`;
      if (event) yield { kind: 'record', record: { event, input: input.name, location } };
    }
  },
};

export const RECORD_PRODUCERS: RecordProducer[] = [evtxProducer, jsonProducer];

export interface RecordOptions {
  producers?: readonly RecordProducer[];
  limits?: ReadLimits;
}

export async function* sigmaRecords(
  paths: readonly string[],
  options: RecordOptions = {},
): AsyncIterable<SigmaRecordItem> {
  const producers = options.producers ?? RECORD_PRODUCERS;
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  for await (const item of expandInputs(paths)) {
    if (item.kind === 'problem') {
      yield item;
      continue;
    }
    const source = item.source;
    let peeked;
    try {
      peeked = await peek(source.chunks(), SNIFF_BYTES);
    } catch (error) {
      yield {
        kind: 'problem',
        problem: problem(source.name, '', 'unreadable-input', (error as Error).message),
      };
      continue;
    }
    const ranked = producers
      .map((producer) => ({ producer, score: producer.sniff(peeked.head, source.name) }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score);
    const chosen = ranked[0]?.producer;
    if (!chosen) {
      const known = producers.map((p) => p.id).join(', ');
      yield {
        kind: 'problem',
        problem: problem(source.name, '', 'unknown-format', `not a format hunt reads (${known})`),
      };
      continue;
    }
    try {
      yield* chosen.records(peeked.all, source, limits);
    } catch (error) {
      yield {
        kind: 'problem',
        problem: problem(source.name, '', 'unreadable-input', (error as Error).message),
      };
    }
  }
}
