/**
 * 7z archives: the member names when the header is stored plain. 7-Zip compresses the
 * header by default (an "encoded header"), and without an LZMA decoder it cannot be listed;
 * that, and encryption, are reported rather than guessed at.
 */
import { ByteReader } from '../bytes.js';
import { registerAnalyzer } from '../registry.js';
import { reportListing, type ListedMember } from './rar.js';

const K_HEADER = 0x01;
const K_ENCODED_HEADER = 0x17;
const K_NAME = 0x11;
// The AES-256 + SHA-256 coder id, present in the header of encrypted archives.
const AES_CODER = Buffer.from('06f10701', 'hex');
const MAX_NAMES = 10_000;

registerAnalyzer({
  kinds: ['7z'],
  async analyze(bytes, ctx) {
    const r = new ByteReader(bytes);
    const offset = 32 + r.u64(12, 'NextHeaderOffset');
    const size = Math.min(r.u64(20, 'NextHeaderSize'), bytes.length);
    const header = r.slice(offset, size, 'next header');
    const encrypted = header.includes(AES_CODER);
    if (header[0] === K_ENCODED_HEADER) {
      ctx.add({
        id: 'archive-unlisted',
        severity: 'low',
        summary: '7z archive with a compressed header: members not listed',
      });
      if (encrypted) {
        ctx.add({
          id: 'archive-encrypted',
          severity: 'medium',
          summary: '7z archive is encrypted',
        });
      }
      return;
    }
    if (header[0] !== K_HEADER)
      throw new Error(`unexpected 7z header type 0x${header[0]?.toString(16)}`);
    const names = memberNames(header);
    const members: ListedMember[] = names.map((name) => ({ name, size: 0, encrypted }));
    reportListing('7z', { members, headersEncrypted: false }, ctx);
  },
});

/** Finds the kName property of FilesInfo: a size, an `external` byte of 0, then UTF-16 names. */
function memberNames(header: Buffer): string[] {
  for (let at = header.lastIndexOf(K_NAME); at > 0; at = header.lastIndexOf(K_NAME, at - 1)) {
    const cursor = { at: at + 1 };
    const size = number(header, cursor);
    if (header[cursor.at] !== 0 || size < 3 || cursor.at + size > header.length) continue;
    const text = header.toString('utf16le', cursor.at + 1, cursor.at + size);
    const names = text.split('\0').slice(0, -1);
    if (names.length > 0 && names.every((n) => n.length > 0 && !/[\x00-\x1f]/.test(n))) {
      return names.slice(0, MAX_NAMES);
    }
  }
  return [];
}

/** A 7z NUMBER: the count of leading one bits in the first byte gives the extra bytes. */
function number(bytes: Buffer, cursor: { at: number }): number {
  const first = bytes[cursor.at++] ?? 0;
  let mask = 0x80;
  let value = 0;
  for (let i = 0; i < 8; i++) {
    if ((first & mask) === 0) {
      const high = first & (mask - 1);
      return value + high * 2 ** (8 * i);
    }
    value += (bytes[cursor.at++] ?? 0) * 2 ** (8 * i);
    mask >>= 1;
  }
  return value;
}
