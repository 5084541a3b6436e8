/**
 * Reads one 64 KiB chunk into records and problems. A chunk is self-contained (its names and
 * templates are its own), which is what lets chunks be parsed in worker threads. Problems carry
 * their place as numbers; the caller names the input.
 */
import {
  CHUNK_HEADER_SIZE,
  CHUNK_SIZE,
  headerChecksumOf,
  parseChunkHeader,
  recordsChecksumOf,
  type ChunkHeader,
} from './chunk-header.js';
import { readFragment } from './binxml.js';
import { describeAt } from './errors.js';
import { expand } from './expand.js';
import {
  RECORD_HEADER_SIZE,
  isRecordMagic,
  parseRecordHeader,
  recordDataRange,
  trailerMatches,
  type RecordHeader,
} from './record.js';
import { JsonRenderer } from './render-json.js';
import { XmlRenderer } from './render-xml.js';
import { ChunkContext } from './templates.js';
import { exactJsonText } from './values.js';
import type { BxNode } from './nodes.js';

/**
 * `json`: the evtx_dump JSON object; `json-text`: that object already serialised (cheap to
 * hand over from a worker thread when only text is wanted); `xml`: XML text.
 */
export type RenderMode = 'json' | 'json-text' | 'xml';

function render(nodes: BxNode[], mode: RenderMode): unknown {
  if (mode === 'xml') {
    const xml = new XmlRenderer();
    expand(nodes, xml);
    return xml.result();
  }
  const json = new JsonRenderer(mode === 'json-text');
  expand(nodes, json);
  return mode === 'json' ? json.result() : exactJsonText(json.result());
}

export interface ChunkProblem {
  kind: 'problem';
  chunk: number;
  recordId?: number;
  /** File offset of the structure at fault. */
  offset: number;
  message: string;
}

export interface ChunkRecord {
  kind: 'record';
  chunk: number;
  recordId: number;
  offset: number;
  value: unknown;
}

export type ChunkItem = ChunkRecord | ChunkProblem;

/** Reads the chunk numbered `chunkNumber` whose bytes start at `fileOffset` in the file. */
export function readChunk(
  chunk: Buffer,
  chunkNumber: number,
  fileOffset: number,
  mode: RenderMode,
): ChunkItem[] {
  const items: ChunkItem[] = [];
  const describe = (error: unknown): string => describeAt(error, fileOffset);
  const problem = (offset: number, message: string, recordId?: number): void => {
    items.push({
      kind: 'problem',
      chunk: chunkNumber,
      recordId,
      offset: fileOffset + offset,
      message,
    });
  };

  let header: ChunkHeader;
  try {
    header = parseChunkHeader(chunk);
  } catch (error) {
    problem(0, describe(error));
    return items;
  }
  const end = recordsEnd(header, chunk.length);
  for (const [offset, message] of headerDefects(chunk, header, end)) problem(offset, message);

  const context = new ChunkContext(chunk, fileOffset);
  const emit = (record: RecordHeader): void => {
    const recordId = Number(record.recordId);
    const item = readRecord(context, record, mode);
    if (typeof item === 'string') problem(record.offset, `record ${recordId}: ${item}`, recordId);
    else {
      const offset = fileOffset + record.offset;
      items.push({ kind: 'record', chunk: chunkNumber, recordId, offset, value: item.value });
    }
  };

  let offset = CHUNK_HEADER_SIZE;
  let last: RecordHeader | undefined;
  while (offset + RECORD_HEADER_SIZE <= end) {
    let record;
    try {
      record = parseRecordHeader(chunk, offset, chunk.length);
    } catch (error) {
      const next = resync(chunk, offset + 1, end);
      const resume = next < 0 ? '' : `; resuming at 0x${(fileOffset + next).toString(16)}`;
      problem(offset, `${describe(error)}${resume}`);
      if (next < 0) break;
      offset = next;
      continue;
    }
    if (!trailerMatches(chunk, record)) {
      const id = Number(record.recordId);
      problem(offset + record.size - 4, 'record size copy at the end does not match', id);
    }
    emit(record);
    last = record;
    offset += record.size;
    if (record.recordId === header.lastRecordId) break;
  }

  // A log not closed cleanly can hold records written after the chunk header was last
  // updated; they follow on with the next record ids. The reference reader stops before them.
  const unflushed = last ? followingRecords(chunk, offset, last.recordId) : [];
  if (unflushed.length > 0) {
    problem(
      offset,
      `${unflushed.length} records lie past the last one the chunk header records; read anyway`,
    );
    unflushed.forEach(emit);
  }
  return items;
}

/** Intact records from `offset` on whose ids continue from `lastId` without a gap. */
function followingRecords(chunk: Buffer, offset: number, lastId: bigint): RecordHeader[] {
  const found: RecordHeader[] = [];
  let expected = lastId + 1n;
  while (offset + RECORD_HEADER_SIZE <= chunk.length && isRecordMagic(chunk, offset)) {
    let record;
    try {
      record = parseRecordHeader(chunk, offset, chunk.length);
    } catch {
      break;
    }
    if (record.recordId !== expected || !trailerMatches(chunk, record)) break;
    found.push(record);
    offset += record.size;
    expected += 1n;
  }
  return found;
}

/** Truncation, checksum mismatches and a free space offset outside the chunk. */
function headerDefects(chunk: Buffer, header: ChunkHeader, end: number): [number, string][] {
  const defects: [number, string][] = [];
  if (chunk.length < CHUNK_SIZE) {
    defects.push([chunk.length, `chunk cut short: ${chunk.length} of ${CHUNK_SIZE} bytes`]);
  }
  if (headerChecksumOf(chunk) !== header.headerChecksum) {
    defects.push([124, 'chunk header checksum does not match']);
  }
  if (end !== header.freeSpaceOffset) {
    defects.push([48, `free space offset ${header.freeSpaceOffset} is outside the chunk`]);
  } else if (
    chunk.length === CHUNK_SIZE &&
    recordsChecksumOf(chunk, end) !== header.recordsChecksum
  ) {
    defects.push([52, 'record data checksum does not match']);
  }
  return defects;
}

/** The rendered record, or what is wrong with it. */
function readRecord(
  context: ChunkContext,
  record: RecordHeader,
  mode: RenderMode,
): { value: unknown } | string {
  const [start, stop] = recordDataRange(record);
  // Windows leaves records of 4 data bytes behind; the reference reader skips them too.
  if (stop - start <= 4) return 'holds no event data';
  try {
    return { value: render(readFragment(context, start, stop, false, 0), mode) };
  } catch (error) {
    return describeAt(error, context.fileOffset);
  }
}

/** Records end at the free space offset, when it lies inside the chunk. */
function recordsEnd(header: ChunkHeader, length: number): number {
  const free = header.freeSpaceOffset;
  return free >= CHUNK_HEADER_SIZE && free <= length ? free : length;
}

/** The next offset after `from` where a plausible record header starts, or -1. */
function resync(chunk: Buffer, from: number, end: number): number {
  for (let o = from; o + RECORD_HEADER_SIZE <= end; o++) {
    if (!isRecordMagic(chunk, o)) continue;
    const size = chunk.readUInt32LE(o + 4);
    if (
      size >= RECORD_HEADER_SIZE + 4 &&
      o + size <= chunk.length &&
      chunk.readUInt32LE(o + size - 4) === size
    ) {
      return o;
    }
  }
  return -1;
}
