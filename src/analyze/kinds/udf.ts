/**
 * UDF file systems (ECMA-167 with the OSTA UDF profile), which Windows tools write to images
 * either alone or beside a decoy ISO 9660 tree that shows only a README. Physical partitions
 * and the UDF 2.5 metadata partition are supported; sparing and virtual partitions are not.
 */
import { ByteReader } from '../bytes.js';

export interface UdfFile {
  path: string;
  data: Buffer;
  hidden: boolean;
}

const SECTOR = 2048;
const ANCHOR_SECTOR = 256;
const TAG = { anchor: 2, partition: 5, logicalVolume: 6, terminator: 8 } as const;
const TAG_FILE_SET = 256;
const TAG_FILE_ID = 257;
const TAG_FILE_ENTRY = 261;
const TAG_EXTENDED_FILE_ENTRY = 266;
// Volume descriptor sequences are 16 sectors by the specification's recommendation.
const MAX_DESCRIPTORS = 64;
const MAX_FILES = 20_000;
const MAX_DEPTH = 16;
const MAX_EXTENTS = 4_096;

interface Partition {
  /** Byte offset of logical block `lbn` of this partition. */
  offset(lbn: number): number;
}

interface Extent {
  partition: number;
  lbn: number;
  length: number;
}

/** True when the volume recognition sequence names an NSR (UDF) descriptor. */
export function hasUdf(bytes: Buffer): boolean {
  for (let sector = 16; sector < 32; sector++) {
    const id = bytes.toString('latin1', sector * SECTOR + 1, sector * SECTOR + 6);
    if (id === 'NSR02' || id === 'NSR03') return true;
  }
  return false;
}

export function readUdf(bytes: Buffer): UdfFile[] {
  const r = new ByteReader(bytes);
  const anchor = ANCHOR_SECTOR * SECTOR;
  if (r.u16(anchor, 'anchor tag') !== TAG.anchor) throw new Error('no UDF anchor at sector 256');
  const sequenceStart = r.u32(anchor + 20, 'main volume descriptor sequence') * SECTOR;

  const starts = new Map<number, number>();
  let volume: number | undefined;
  for (let i = 0; i < MAX_DESCRIPTORS; i++) {
    const at = sequenceStart + i * SECTOR;
    const tag = r.u16(at, 'descriptor tag');
    if (tag === TAG.partition)
      starts.set(r.u16(at + 22, 'partition number'), r.u32(at + 188, 'start'));
    if (tag === TAG.logicalVolume) volume = at;
    if (tag === TAG.terminator || tag === 0) break;
  }
  if (volume === undefined) throw new Error('no logical volume descriptor');
  const partitions = partitionMaps(r, volume, starts);
  const fileSet = longAd(r, volume + 248);
  const fsd = partitions[fileSet.partition]?.offset(fileSet.lbn);
  if (fsd === undefined || r.u16(fsd, 'file set tag') !== TAG_FILE_SET) {
    throw new Error('no file set descriptor');
  }
  const files: UdfFile[] = [];
  walk(r, partitions, longAd(r, fsd + 400), '', 0, files);
  return files;
}

function partitionMaps(r: ByteReader, volume: number, starts: Map<number, number>): Partition[] {
  const count = Math.min(r.u32(volume + 268, 'number of partition maps'), 16);
  const maps: Partition[] = [];
  const physical = (number: number): Partition => {
    const start = starts.get(number);
    if (start === undefined) throw new Error(`partition ${number} has no descriptor`);
    return { offset: (lbn) => (start + lbn) * SECTOR };
  };
  let at = volume + 440;
  for (let i = 0; i < count; i++) {
    const type = r.u8(at, 'partition map type');
    const length = r.u8(at + 1, 'partition map length');
    if (type === 1) maps.push(physical(r.u16(at + 4, 'partition number')));
    else if (r.bytes.toString('latin1', at + 5, at + 28).startsWith('*UDF Metadata Partition')) {
      const base = physical(r.u16(at + 38, 'partition number'));
      const entry = base.offset(r.u32(at + 40, 'metadata file location'));
      maps.push(metadataPartition(r, base, entry));
    } else {
      throw new Error(`unsupported partition map: ${r.bytes.toString('latin1', at + 5, at + 28)}`);
    }
    at += Math.max(length, 6);
  }
  return maps;
}

/** The metadata partition is the content of a file in the physical partition. */
function metadataPartition(r: ByteReader, base: Partition, entry: number): Partition {
  const extents = allocation(r, entry, 0).map((e) => ({ ...e, at: base.offset(e.lbn) }));
  return {
    offset(lbn) {
      let skip = lbn * SECTOR;
      for (const extent of extents) {
        if (skip < extent.length) return extent.at + skip;
        skip -= extent.length;
      }
      throw new Error(`metadata block ${lbn} is outside the metadata file`);
    },
  };
}

function longAd(r: ByteReader, at: number): Extent {
  return {
    length: r.u32(at, 'long_ad length') & 0x3fffffff,
    lbn: r.u32(at + 4, 'long_ad block'),
    partition: r.u16(at + 8, 'long_ad partition'),
  };
}

interface Entry {
  directory: boolean;
  size: number;
  /** Extents of the content, or the content itself when it is embedded in the entry. */
  extents: Extent[];
  embedded?: Buffer;
}

function fileEntry(r: ByteReader, at: number, partition: number): Entry {
  const tag = r.u16(at, 'file entry tag');
  if (tag !== TAG_FILE_ENTRY && tag !== TAG_EXTENDED_FILE_ENTRY) {
    throw new Error(`expected a file entry, found tag ${tag}`);
  }
  const extended = tag === TAG_EXTENDED_FILE_ENTRY;
  const size = r.u64(at + 56, 'information length');
  const eaLength = r.u32(at + (extended ? 208 : 168), 'L_EA');
  const adLength = r.u32(at + (extended ? 212 : 172), 'L_AD');
  const adStart = at + (extended ? 216 : 176) + eaLength;
  const directory = r.u8(at + 27, 'file type') === 4;
  if ((r.u16(at + 34, 'ICB flags') & 7) === 3) {
    return { directory, size, extents: [], embedded: r.slice(adStart, adLength, 'embedded data') };
  }
  return { directory, size, extents: allocation(r, at, partition) };
}

/** The allocation descriptors of a file entry at `at`, short or long. */
function allocation(r: ByteReader, at: number, partition: number): Extent[] {
  const extended = r.u16(at, 'file entry tag') === TAG_EXTENDED_FILE_ENTRY;
  const eaLength = r.u32(at + (extended ? 208 : 168), 'L_EA');
  const adLength = r.u32(at + (extended ? 212 : 172), 'L_AD');
  const start = at + (extended ? 216 : 176) + eaLength;
  const long = (r.u16(at + 34, 'ICB flags') & 7) === 1;
  const step = long ? 16 : 8;
  const extents: Extent[] = [];
  for (let ad = start; ad + step <= start + adLength && extents.length < MAX_EXTENTS; ad += step) {
    const raw = r.u32(ad, 'extent length');
    // The top two bits give the extent type; only recorded extents (0) hold data.
    if (raw >>> 30 !== 0 || (raw & 0x3fffffff) === 0) continue;
    extents.push(long ? longAd(r, ad) : { length: raw, lbn: r.u32(ad + 4, 'extent'), partition });
  }
  return extents;
}

function content(r: ByteReader, partitions: Partition[], entry: Entry): Buffer {
  if (entry.embedded) return entry.embedded.subarray(0, entry.size);
  const parts = entry.extents.map((e) => {
    const at = partitions[e.partition]?.offset(e.lbn);
    if (at === undefined) throw new Error(`extent in unknown partition ${e.partition}`);
    return r.slice(at, Math.min(e.length, r.bytes.length - at), 'file extent');
  });
  return Buffer.concat(parts).subarray(0, entry.size);
}

function walk(
  r: ByteReader,
  partitions: Partition[],
  icb: Extent,
  prefix: string,
  depth: number,
  out: UdfFile[],
): void {
  if (depth > MAX_DEPTH) return;
  const at = partitions[icb.partition]?.offset(icb.lbn);
  if (at === undefined) return;
  const directory = content(r, partitions, fileEntry(r, at, icb.partition));
  const d = new ByteReader(directory);
  for (let fid = 0; fid + 38 <= directory.length && out.length < MAX_FILES;) {
    if (d.u16(fid, 'file identifier tag') !== TAG_FILE_ID) break;
    const characteristics = d.u8(fid + 18, 'file characteristics');
    const nameLength = d.u8(fid + 19, 'L_FI');
    const implLength = d.u16(fid + 36, 'L_IU');
    const child = longAd(d, fid + 20);
    const name = dString(d.slice(fid + 38 + implLength, nameLength, 'file identifier'));
    fid += (38 + implLength + nameLength + 3) & ~3;
    // Bit 3 marks the parent directory entry.
    if (characteristics & 0x08) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    if (characteristics & 0x02) walk(r, partitions, child, path, depth + 1, out);
    else {
      const entryAt = partitions[child.partition]?.offset(child.lbn);
      if (entryAt === undefined) continue;
      const data = content(r, partitions, fileEntry(r, entryAt, child.partition));
      out.push({ path, data, hidden: (characteristics & 0x01) !== 0 });
    }
  }
}

/** OSTA compressed Unicode: a first byte of 8 means one byte a character, 16 means UTF-16BE. */
function dString(raw: Buffer): string {
  if (raw.length === 0) return '';
  if (raw[0] === 16) {
    const text = Buffer.from(raw.subarray(1, raw.length - ((raw.length - 1) % 2)));
    return text.swap16().toString('utf16le');
  }
  return raw.subarray(1).toString('latin1');
}
