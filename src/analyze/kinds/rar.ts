/**
 * RAR archives, versions 4 and 5: the member listing (names, sizes, encryption) read from the
 * block headers. Members are not unpacked: RAR compression has no maintained decoder on npm,
 * so the names alone decide whether the archive delivers something runnable.
 */
import { ByteReader } from '../bytes.js';
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import { listedPayloadFindings } from './payload.js';

const RAR4 = Buffer.from('526172211a0700', 'hex');
const RAR5 = Buffer.from('526172211a070100', 'hex');
// Lures hold one to a few members; the cap bounds a header chain built to loop or sprawl.
const MAX_BLOCKS = 10_000;

export interface ListedMember {
  name: string;
  size: number;
  encrypted: boolean;
}

interface Listing {
  members: ListedMember[];
  headersEncrypted: boolean;
}

registerAnalyzer({
  kinds: ['rar'],
  async analyze(bytes, ctx) {
    const listing = bytes.subarray(0, 8).equals(RAR5) ? listRar5(bytes) : listRar4(bytes);
    reportListing('RAR', listing, ctx);
  },
});

export function reportListing(format: string, listing: Listing, ctx: FileContext): void {
  ctx.detail('members', listing.members.map((m) => `${m.name} (${m.size})`).slice(0, 500));
  const encrypted = listing.members.filter((m) => m.encrypted).length;
  ctx.add({
    id: 'archive-listed',
    severity: 'info',
    summary: `${format} archive with ${listing.members.length} members, listed but not unpacked`,
  });
  if (listing.headersEncrypted || encrypted > 0) {
    ctx.add({
      id: 'archive-encrypted',
      severity: 'medium',
      summary: listing.headersEncrypted
        ? `${format} archive encrypts even its member names`
        : `${encrypted} encrypted members`,
    });
  }
  listedPayloadFindings(
    ctx,
    `${format} archive`,
    listing.members.map((m) => m.name),
  );
}

function listRar4(bytes: Buffer): Listing {
  const r = new ByteReader(bytes);
  const members: ListedMember[] = [];
  let headersEncrypted = false;
  let at = RAR4.length;
  for (let i = 0; i < MAX_BLOCKS && at + 7 <= bytes.length; i++) {
    const type = r.u8(at + 2, 'HEAD_TYPE');
    const flags = r.u16(at + 3, 'HEAD_FLAGS');
    const headSize = r.u16(at + 5, 'HEAD_SIZE');
    if (headSize < 7) break;
    let dataSize = flags & 0x8000 ? r.u32(at + 7, 'ADD_SIZE') : 0;
    if (type === 0x73 && flags & 0x0080) headersEncrypted = true;
    if (type === 0x74) {
      dataSize = r.u32(at + 7, 'PACK_SIZE');
      const nameSize = r.u16(at + 26, 'NAME_SIZE');
      const nameAt = at + 32 + (flags & 0x100 ? 8 : 0);
      const raw = r.slice(nameAt, nameSize, 'FILE_NAME');
      // Unicode names follow the ANSI name after a NUL; the ANSI part is enough to judge.
      const nul = raw.indexOf(0);
      const name = (nul >= 0 ? raw.subarray(0, nul) : raw).toString(
        flags & 0x200 ? 'utf8' : 'latin1',
      );
      members.push({ name, size: r.u32(at + 11, 'UNP_SIZE'), encrypted: (flags & 0x04) !== 0 });
    }
    if (type === 0x7b) break;
    at += headSize + dataSize;
  }
  return { members, headersEncrypted };
}

function listRar5(bytes: Buffer): Listing {
  const members: ListedMember[] = [];
  let at = RAR5.length;
  for (let i = 0; i < MAX_BLOCKS && at + 4 < bytes.length; i++) {
    const cursor = { at: at + 4 };
    const headerSize = vint(bytes, cursor);
    const headerStart = cursor.at;
    const type = vint(bytes, cursor);
    const flags = vint(bytes, cursor);
    if (flags & 1) vint(bytes, cursor);
    const dataSize = flags & 2 ? vint(bytes, cursor) : 0;
    if (type === 4) return { members, headersEncrypted: true };
    if (type === 2) members.push(rar5File(bytes, cursor));
    if (type === 5 || headerSize === 0) break;
    at = headerStart + headerSize + dataSize;
  }
  return { members, headersEncrypted: false };
}

function rar5File(bytes: Buffer, cursor: { at: number }): ListedMember {
  const fileFlags = vint(bytes, cursor);
  const size = vint(bytes, cursor);
  vint(bytes, cursor); // attributes
  if (fileFlags & 2) cursor.at += 4; // modification time
  if (fileFlags & 4) cursor.at += 4; // CRC32
  vint(bytes, cursor); // compression information
  vint(bytes, cursor); // host OS
  const nameLength = Math.min(vint(bytes, cursor), 4096);
  const name = bytes.toString('utf8', cursor.at, cursor.at + nameLength);
  // Encryption is recorded in an extra-area record; the file header alone cannot tell.
  return { name, size, encrypted: false };
}

/** RAR5 variable-length integer: 7 bits a byte, high bit set on all but the last. */
function vint(bytes: Buffer, cursor: { at: number }): number {
  let value = 0;
  for (let shift = 0; shift < 63; shift += 7) {
    const byte = bytes[cursor.at++];
    if (byte === undefined) throw new Error('RAR header ends inside a number');
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error('RAR number longer than 9 bytes');
}
