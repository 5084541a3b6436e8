/**
 * The file header: the first 4 KiB of an EVTX file, of which 128 bytes are used
 * (MS-EVEN6 / libevtx "File header"). Lurewatch reads it for the chunk count and to report
 * damage; chunks are found by position, so a damaged header does not stop the read.
 */
import { crc32 } from 'node:zlib';
import { EvtxFormatError, hex, need } from './errors.js';

export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
export const FILE_HEADER_BLOCK = 4096;
/** CRC32 covers the first 120 bytes; the checksum itself sits at 124. */
const CRC_SPAN = 120;

export interface FileHeader {
  firstChunkNumber: bigint;
  lastChunkNumber: bigint;
  nextRecordId: bigint;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  headerBlockSize: number;
  chunkCount: number;
  /** Bit 0: dirty (not closed cleanly); bit 1: full. */
  flags: number;
  checksum: number;
  checksumOk: boolean;
}

export function parseFileHeader(buf: Buffer): FileHeader {
  need(buf, 0, 128, 'file header');
  if (!buf.subarray(0, 8).equals(FILE_MAGIC)) {
    throw new EvtxFormatError('file header magic', 0, 'ElfFile\\0', hex(buf.subarray(0, 8)));
  }
  const checksum = buf.readUInt32LE(124);
  return {
    firstChunkNumber: buf.readBigUInt64LE(8),
    lastChunkNumber: buf.readBigUInt64LE(16),
    nextRecordId: buf.readBigUInt64LE(24),
    headerSize: buf.readUInt32LE(32),
    minorVersion: buf.readUInt16LE(36),
    majorVersion: buf.readUInt16LE(38),
    headerBlockSize: buf.readUInt16LE(40),
    chunkCount: buf.readUInt16LE(42),
    flags: buf.readUInt32LE(120),
    checksum,
    checksumOk: crc32(buf.subarray(0, CRC_SPAN)) === checksum,
  };
}

/** Confidence that `head` starts an EVTX file: the magic decides. */
export function sniffEvtx(head: Buffer): number {
  return head.length >= 8 && head.subarray(0, 8).equals(FILE_MAGIC) ? 100 : 0;
}
