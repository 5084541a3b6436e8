/**
 * Zip archives as lists of entries whose content is read on demand under a size cap, with
 * yauzl doing the format work. Names are decoded here (yauzl would reject `../x` outright,
 * which is exactly what an analyst needs to see), and bytes in front of the archive, which
 * self-extractors and evasive lures add, are skipped by trusting the end record's arithmetic.
 */
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

export interface ZipEntry {
  name: string;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  isDirectory: boolean;
  /** Offset of the entry's local header within the archive. */
  localOffset: number;
  /** Set when the entry could only be read by ignoring its recorded sizes. */
  salvaged?: boolean;
}

export interface ZipArchive extends ZipLayout {
  comment: string;
  entries: ZipEntry[];
  /** Set when the listing stopped at the entry cap. */
  truncated: boolean;
  read(entry: ZipEntry, maxBytes: number): Promise<Buffer>;
}

const EOCD_SIGNATURE = 0x06054b50;
export const LOCAL_SIGNATURE = 0x04034b50;
// The end record is 22 bytes plus a comment of at most 65,535.
const EOCD_SEARCH = 22 + 0xffff;
// Office documents hold a few hundred parts; bombs list millions of entries.
export const MAX_ZIP_ENTRIES = 10_000;

// Code page 437 above 0x7F: what zip names use when the UTF-8 flag (bit 11) is clear.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeZipName(raw: Buffer, utf8: boolean): string {
  if (utf8) return raw.toString('utf8');
  let name = '';
  for (const byte of raw) name += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  return name;
}

/**
 * Junk bytes that shift the archive away from the offsets its end record gives: either in
 * front of the whole archive (every offset is off by the same amount) or between the data and
 * the central directory (only the directory's offset is off).
 */
export interface ZipLayout {
  prefixBytes: number;
  displacedBytes: number;
}

export function zipLayout(bytes: Buffer): ZipLayout & { eocd: number } {
  const from = Math.max(0, bytes.length - EOCD_SEARCH);
  for (let at = bytes.length - 22; at >= from; at--) {
    if (bytes.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const directorySize = bytes.readUInt32LE(at + 12);
    const directoryOffset = bytes.readUInt32LE(at + 16);
    const shift = at - directorySize - directoryOffset;
    if (shift <= 0) return { prefixBytes: 0, displacedBytes: 0, eocd: at };
    const localAtShift = bytes.readUInt32LE(shift) === LOCAL_SIGNATURE;
    const localAtZero = bytes.readUInt32LE(0) === LOCAL_SIGNATURE;
    if (localAtShift && !localAtZero) return { prefixBytes: shift, displacedBytes: 0, eocd: at };
    return { prefixBytes: 0, displacedBytes: shift, eocd: at };
  }
  return { prefixBytes: 0, displacedBytes: 0, eocd: -1 };
}

/** A copy of the archive that yauzl can read: prefix cut off, directory offset corrected. */
function normalise(bytes: Buffer, layout: ReturnType<typeof zipLayout>): Buffer {
  if (layout.prefixBytes > 0) return bytes.subarray(layout.prefixBytes);
  if (layout.displacedBytes === 0) return bytes;
  const copy = Buffer.from(bytes);
  const offset = copy.readUInt32LE(layout.eocd + 16);
  copy.writeUInt32LE(offset + layout.displacedBytes, layout.eocd + 16);
  return copy;
}

export async function openZip(bytes: Buffer): Promise<ZipArchive> {
  const layout = zipLayout(bytes);
  const archive = normalise(bytes, layout);
  const zip = await fromBuffer(archive);
  const entries: ZipEntry[] = [];
  const yauzlEntries = new Map<ZipEntry, Entry>();
  let truncated = false;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (raw: Entry) => {
      if (entries.length >= MAX_ZIP_ENTRIES) {
        truncated = true;
        zip.close();
        resolve();
        return;
      }
      const entry = describe(raw);
      entries.push(entry);
      yauzlEntries.set(entry, raw);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  const comment = decodeZipName(zip.comment as unknown as Buffer, false);
  const { prefixBytes, displacedBytes } = layout;
  const read = (entry: ZipEntry, max: number) =>
    readEntry(zip, yauzlEntries.get(entry)!, max).catch((error: Error) =>
      salvage(archive, entry, max, error),
    );
  return { prefixBytes, displacedBytes, comment, entries, truncated, read };
}

function fromBuffer(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false },
      (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip)),
    );
  });
}

function describe(raw: Entry): ZipEntry {
  const utf8 = (raw.generalPurposeBitFlag & 0x800) !== 0;
  const name = decodeZipName(raw.fileName as unknown as Buffer, utf8);
  return {
    name,
    encrypted: raw.isEncrypted(),
    compressedSize: raw.compressedSize,
    uncompressedSize: raw.uncompressedSize,
    compressionMethod: raw.compressionMethod,
    isDirectory: name.endsWith('/'),
    localOffset: raw.relativeOffsetOfLocalHeader,
  };
}

/** Reads an entry's content, stopping with an error past `maxBytes` whatever the header says. */
function readEntry(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.destroy(new Error(`entry unpacks past ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * Reads a deflated entry whose recorded sizes are wrong by inflating from its local header
 * until the deflate stream itself ends, as Windows Explorer does. Lures pad the data so
 * that scanners which trust the sizes fail to open it.
 */
function salvage(archive: Buffer, entry: ZipEntry, maxBytes: number, cause: Error): Buffer {
  const at = entry.localOffset;
  if (entry.compressionMethod !== 8 || archive.readUInt32LE(at) !== LOCAL_SIGNATURE) throw cause;
  const content = inflateRawSync(archive.subarray(dataStart(archive, at)), {
    maxOutputLength: maxBytes,
  });
  entry.salvaged = true;
  return content;
}

/** Where an entry's data starts: after its local header, name and extra field. */
export function dataStart(archive: Buffer, localHeader: number): number {
  return (
    localHeader +
    30 +
    archive.readUInt16LE(localHeader + 26) +
    archive.readUInt16LE(localHeader + 28)
  );
}
