/**
 * ISO 9660 disk images (ECMA-119), with Joliet names when present. Windows mounts them on a
 * double-click and, before 2022 updates, their files carried no Mark-of-the-Web, which made
 * images the container of choice for delivering executables past SmartScreen.
 */
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import { payloadFindings } from './payload.js';
import { hasUdf, readUdf, type UdfFile } from './udf.js';

const SECTOR = 2048;
const FIRST_DESCRIPTOR = 16;
// Real images have a handful of descriptors before the terminator.
const MAX_DESCRIPTORS = 32;
// Directory nesting in ECMA-119 is limited to 8 levels; Rock Ridge allows more.
const MAX_DIRECTORY_DEPTH = 16;
const MAX_RECORDS = 20_000;

interface IsoFile {
  path: string;
  extent: number;
  size: number;
  hidden: boolean;
}

interface Volume {
  root: Buffer;
  blockSize: number;
  joliet: boolean;
}

registerAnalyzer({
  kinds: ['iso'],
  async analyze(bytes, ctx) {
    const files = imageFiles(bytes, ctx);
    ctx.add({
      id: 'disk-image',
      severity: 'medium',
      summary: `disk image with ${files.length} files (mounts on double-click)`,
    });
    for (const file of files) {
      if (file.hidden) {
        ctx.add({ id: 'iso-hidden-file', severity: 'medium', summary: `${file.path} is hidden` });
      }
      if (!ctx.reserve(file.data.length)) continue;
      await ctx.child(file.path, file.data);
    }
    payloadFindings(ctx, 'disk image');
  },
});

interface ImageFile {
  path: string;
  data: Buffer;
  hidden: boolean;
}

/**
 * The files Windows shows when it mounts the image: the UDF tree when there is one (Windows
 * prefers it), else the ISO 9660 tree. A decoy ISO 9660 tree beside a UDF one is reported.
 */
function imageFiles(bytes: Buffer, ctx: FileContext): ImageFile[] {
  const iso = iso9660Files(bytes, ctx);
  if (!hasUdf(bytes)) return iso;
  let udf: UdfFile[];
  try {
    udf = readUdf(bytes);
  } catch (error) {
    ctx.add({ id: 'udf-unreadable', severity: 'low', summary: `UDF: ${(error as Error).message}` });
    return iso;
  }
  const isoNames = iso
    .map((f) => f.path.toLowerCase())
    .sort()
    .join('\n');
  const udfNames = udf
    .map((f) => f.path.toLowerCase())
    .sort()
    .join('\n');
  if (iso.length > 0 && isoNames !== udfNames) {
    ctx.add({
      id: 'iso-udf-differ',
      severity: 'medium',
      summary: 'the ISO 9660 and UDF trees list different files (a decoy for one kind of reader)',
    });
  }
  return udf;
}

function iso9660Files(bytes: Buffer, ctx: FileContext): ImageFile[] {
  const volume = pickVolume(bytes);
  if (!volume) return [];
  const entries: IsoFile[] = [];
  walk(bytes, volume, volume.root, '', 0, entries);
  const files: ImageFile[] = [];
  for (const entry of entries) {
    const start = entry.extent * volume.blockSize;
    if (start + entry.size > bytes.length) {
      ctx.add({ id: 'iso-truncated', severity: 'low', summary: `${entry.path} lies past the end` });
      continue;
    }
    files.push({
      path: entry.path,
      data: bytes.subarray(start, start + entry.size),
      hidden: entry.hidden,
    });
  }
  return files;
}

/** The Joliet supplementary descriptor when there is one (full Unicode names), else the primary. */
function pickVolume(bytes: Buffer): Volume | undefined {
  let primary: Volume | undefined;
  for (let i = 0; i < MAX_DESCRIPTORS; i++) {
    const at = (FIRST_DESCRIPTOR + i) * SECTOR;
    if (at + SECTOR > bytes.length || bytes.toString('latin1', at + 1, at + 6) !== 'CD001') break;
    const type = bytes[at]!;
    if (type === 255) break;
    const volume = {
      root: bytes.subarray(at + 156, at + 156 + 34),
      blockSize: bytes.readUInt16LE(at + 128) || SECTOR,
      joliet: false,
    };
    // Joliet marks itself with a UCS-2 escape sequence: %/@, %/C or %/E (levels 1-3).
    const escape = bytes.toString('latin1', at + 88, at + 91);
    if (type === 2 && /^%\/[@CE]$/.test(escape)) return { ...volume, joliet: true };
    if (type === 1) primary ??= volume;
  }
  return primary;
}

function walk(
  bytes: Buffer,
  volume: Volume,
  record: Buffer,
  prefix: string,
  depth: number,
  out: IsoFile[],
): void {
  if (depth > MAX_DIRECTORY_DEPTH) return;
  const start = record.readUInt32LE(2) * volume.blockSize;
  const end = Math.min(start + record.readUInt32LE(10), bytes.length);
  let at = start;
  while (at < end && out.length < MAX_RECORDS) {
    const length = bytes[at]!;
    // Records never cross a sector; a zero length pads to the next one.
    if (length === 0) {
      at = (Math.floor(at / volume.blockSize) + 1) * volume.blockSize;
      continue;
    }
    if (length < 34 || at + length > end) break;
    const entry = bytes.subarray(at, at + length);
    at += length;
    const nameLength = entry[32]!;
    const rawName = entry.subarray(33, 33 + nameLength);
    // Names 0x00 and 0x01 are the directory itself and its parent.
    if (nameLength === 1 && rawName[0]! <= 1) continue;
    const flags = entry[25]!;
    const name = decodeName(rawName, volume.joliet);
    const path = prefix ? `${prefix}/${name}` : name;
    if (flags & 0x02) walk(bytes, volume, entry, path, depth + 1, out);
    else
      out.push({
        path,
        extent: entry.readUInt32LE(2),
        size: entry.readUInt32LE(10),
        hidden: (flags & 1) === 1,
      });
  }
}

function decodeName(raw: Buffer, joliet: boolean): string {
  const text = joliet ? ucs2be(raw) : raw.toString('latin1');
  // `;1` is the ISO 9660 version suffix; a trailing dot marks a name without extension.
  return text.replace(/;\d+$/, '').replace(/\.$/, '');
}

function ucs2be(raw: Buffer): string {
  const swapped = Buffer.from(raw.subarray(0, raw.length - (raw.length % 2)));
  return swapped.swap16().toString('utf16le');
}
