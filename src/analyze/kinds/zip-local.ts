/**
 * Zip archives whose central directory is missing or damaged, read the way 7-Zip and unzip's
 * recovery mode do: from the local file headers in order. Lures cut or corrupt the directory
 * so that gateways cannot list the archive while the user's tool still opens it.
 */
import { inflateRawSync } from 'node:zlib';
import { dataStart, decodeZipName, LOCAL_SIGNATURE, MAX_ZIP_ENTRIES } from './zip-reader.js';
import type { ZipArchive, ZipEntry } from './zip-reader.js';

const FLAG_ENCRYPTED = 0x1;
// Sizes follow the data in a descriptor; the data must then be read to find its end.
const FLAG_DATA_DESCRIPTOR = 0x8;
const FLAG_UTF8 = 0x800;

export function scanLocalHeaders(bytes: Buffer): ZipArchive {
  const entries: ZipEntry[] = [];
  let at = bytes.indexOf('PK\x03\x04', 0, 'latin1');
  while (at >= 0 && at + 30 <= bytes.length && entries.length < MAX_ZIP_ENTRIES) {
    if (bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) break;
    const flags = bytes.readUInt16LE(at + 6);
    const nameLength = bytes.readUInt16LE(at + 26);
    const name = decodeZipName(
      bytes.subarray(at + 30, at + 30 + nameLength),
      (flags & FLAG_UTF8) !== 0,
    );
    const compressedSize = bytes.readUInt32LE(at + 18);
    entries.push({
      name,
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      compressedSize,
      uncompressedSize: bytes.readUInt32LE(at + 22),
      compressionMethod: bytes.readUInt16LE(at + 8),
      isDirectory: name.endsWith('/'),
      localOffset: at,
    });
    const next = flags & FLAG_DATA_DESCRIPTOR ? at + 30 : dataStart(bytes, at) + compressedSize;
    at = bytes.indexOf('PK\x03\x04', next, 'latin1');
  }
  return {
    prefixBytes: 0,
    displacedBytes: 0,
    comment: '',
    entries,
    truncated: entries.length >= MAX_ZIP_ENTRIES,
    read: async (entry, maxBytes) => readLocal(bytes, entry, maxBytes),
  };
}

function readLocal(bytes: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  const start = dataStart(bytes, entry.localOffset);
  if (entry.compressionMethod === 8) {
    return inflateRawSync(bytes.subarray(start), { maxOutputLength: maxBytes });
  }
  if (entry.compressionMethod === 0 && entry.compressedSize <= maxBytes) {
    return bytes.subarray(start, start + entry.compressedSize);
  }
  throw new Error(`compression method ${entry.compressionMethod} without a directory`);
}
