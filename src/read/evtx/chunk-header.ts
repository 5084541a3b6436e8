/**
 * The chunk header: the first 512 bytes of every 64 KiB chunk (libevtx "Chunk header"). It
 * bounds the records (free space offset), names the last record, and holds the two CRC32
 * checksums, of the header itself and of the record data.
 */
import { crc32 } from 'node:zlib';
import { EvtxFormatError, hex, need } from './errors.js';

export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

export interface ChunkHeader {
  firstRecordNumber: bigint;
  lastRecordNumber: bigint;
  firstRecordId: bigint;
  lastRecordId: bigint;
  headerSize: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  recordsChecksum: number;
  flags: number;
  headerChecksum: number;
}

export function parseChunkHeader(chunk: Buffer): ChunkHeader {
  need(chunk, 0, CHUNK_HEADER_SIZE, 'chunk header');
  if (!chunk.subarray(0, 8).equals(CHUNK_MAGIC)) {
    throw new EvtxFormatError('chunk header magic', 0, 'ElfChnk\\0', hex(chunk.subarray(0, 8)));
  }
  return {
    firstRecordNumber: chunk.readBigUInt64LE(8),
    lastRecordNumber: chunk.readBigUInt64LE(16),
    firstRecordId: chunk.readBigUInt64LE(24),
    lastRecordId: chunk.readBigUInt64LE(32),
    headerSize: chunk.readUInt32LE(40),
    lastRecordOffset: chunk.readUInt32LE(44),
    freeSpaceOffset: chunk.readUInt32LE(48),
    recordsChecksum: chunk.readUInt32LE(52),
    flags: chunk.readUInt32LE(120),
    headerChecksum: chunk.readUInt32LE(124),
  };
}

/** The header CRC32 covers bytes 0-119 and 128-511, skipping flags and the checksum itself. */
export function headerChecksumOf(chunk: Buffer): number {
  return crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120)));
}

/** The records CRC32 covers the record data from the end of the header to the free space. */
export function recordsChecksumOf(chunk: Buffer, freeSpaceOffset: number): number {
  return crc32(chunk.subarray(CHUNK_HEADER_SIZE, freeSpaceOffset));
}

export function isAllZero(buf: Buffer): boolean {
  // Compare 8 bytes at a time: all-zero chunks are common at the end of preallocated files.
  const words = Math.floor(buf.length / 8);
  for (let i = 0; i < words; i++) if (buf.readBigUInt64LE(i * 8) !== 0n) return false;
  for (let i = words * 8; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
