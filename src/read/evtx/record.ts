/**
 * The event record (libevtx "Event record"): a 24-byte header, the BinXML of the event, and a
 * copy of the record size at the end, which lets a damaged chunk be resynchronised.
 */
import { EvtxFormatError, hex, need } from './errors.js';

export const RECORD_HEADER_SIZE = 24;
/** Header plus the trailing size copy. */
const RECORD_OVERHEAD = RECORD_HEADER_SIZE + 4;
const MAGIC = 0x00002a2a;

export interface RecordHeader {
  /** Chunk offset of the record. */
  offset: number;
  size: number;
  recordId: bigint;
  /** FILETIME of the write, in 100 ns ticks. */
  written: bigint;
}

export function isRecordMagic(chunk: Buffer, offset: number): boolean {
  return offset + 4 <= chunk.length && chunk.readUInt32LE(offset) === MAGIC;
}

/** Reads and checks a record header at `offset`; the record must fit in `end`. */
export function parseRecordHeader(chunk: Buffer, offset: number, end: number): RecordHeader {
  need(chunk, offset, RECORD_HEADER_SIZE, 'record header');
  if (!isRecordMagic(chunk, offset)) {
    throw new EvtxFormatError(
      'record magic',
      offset,
      '2a2a0000',
      hex(chunk.subarray(offset, offset + 4)),
    );
  }
  const size = chunk.readUInt32LE(offset + 4);
  if (size < RECORD_OVERHEAD || offset + size > end) {
    throw new EvtxFormatError(
      'record size',
      offset + 4,
      `${RECORD_OVERHEAD} to ${end - offset} bytes`,
      `${size}`,
    );
  }
  return {
    offset,
    size,
    recordId: chunk.readBigUInt64LE(offset + 8),
    written: chunk.readBigUInt64LE(offset + 16),
  };
}

/** The BinXML data of a record: between the header and the trailing size copy. */
export function recordDataRange(header: RecordHeader): [number, number] {
  return [header.offset + RECORD_HEADER_SIZE, header.offset + header.size - 4];
}

/** True when the size copy at the end of the record agrees with the header. */
export function trailerMatches(chunk: Buffer, header: RecordHeader): boolean {
  return chunk.readUInt32LE(header.offset + header.size - 4) === header.size;
}
