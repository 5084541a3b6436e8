/**
 * Compound File Binary containers (MS-CFB), the OLE2 storage of legacy Office documents,
 * Outlook .msg files, MSI packages and VBA projects. Exposes every stream by path. Sector
 * chains are followed with a visited set, since a looping chain is a classic parser hang.
 */
import { ByteReader } from '../bytes.js';

export interface CfbStream {
  /** Storage names joined with `/`, from below the root. */
  path: string;
  size: number;
  read(): Buffer;
}

export interface CfbFile {
  streams: CfbStream[];
  /** CLSID of the root storage, which names the application (Word, Excel, MSI...). */
  rootClsid: string;
}

const SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const MINI_SECTOR = 64;
const HEADER_DIFAT = 109;
// Documents have tens of entries; the cap keeps a corrupt directory from running away.
const MAX_ENTRIES = 10_000;
const MAX_TREE_DEPTH = 32;

export function isCfb(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(SIGNATURE);
}

export function openCfb(bytes: Buffer): CfbFile {
  const r = new ByteReader(bytes);
  if (!isCfb(bytes)) throw new Error('no compound file signature');
  const sectorSize = 1 << r.u16(0x1e, 'SectorShift');
  if (sectorSize !== 512 && sectorSize !== 4096) throw new Error(`sector size ${sectorSize}`);
  const miniCutoff = r.u32(0x38, 'MiniStreamCutoffSize');
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  const sectorCount = Math.ceil(bytes.length / sectorSize);

  const fat = readFat(r, sectorSize, sectorAt, sectorCount);
  const chain = (start: number): number[] => follow(fat, start, sectorCount);
  const readChain = (start: number, size: number): Buffer => {
    const parts = chain(start).map((n) => bytes.subarray(sectorAt(n), sectorAt(n) + sectorSize));
    return Buffer.concat(parts).subarray(0, size);
  };

  const directory = readChain(r.u32(0x30, 'FirstDirectorySector'), Number.MAX_SAFE_INTEGER);
  const entries = parseEntries(directory);
  const root = entries[0];
  if (!root) throw new Error('empty directory');
  const miniStream = readChain(root.start, root.size);
  const miniFatBytes = readChain(r.u32(0x3c, 'FirstMiniFATSector'), Number.MAX_SAFE_INTEGER);
  const miniFat = Array.from({ length: miniFatBytes.length >> 2 }, (_, i) =>
    miniFatBytes.readUInt32LE(i * 4),
  );
  const readMini = (start: number, size: number): Buffer => {
    const sectors = follow(miniFat, start, miniFat.length);
    const parts = sectors.map((n) => miniStream.subarray(n * MINI_SECTOR, (n + 1) * MINI_SECTOR));
    return Buffer.concat(parts).subarray(0, size);
  };

  const streams: CfbStream[] = [];
  for (const { entry, path } of walkTree(entries)) {
    if (entry.type !== 2) continue;
    const small = entry.size < miniCutoff;
    streams.push({
      path,
      size: entry.size,
      read: () => (small ? readMini(entry.start, entry.size) : readChain(entry.start, entry.size)),
    });
  }
  return { streams, rootClsid: root.clsid };
}

function readFat(
  r: ByteReader,
  sectorSize: number,
  sectorAt: (n: number) => number,
  sectorCount: number,
): number[] {
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT; i++) {
    const sector = r.u32(0x4c + i * 4, 'DIFAT');
    if (sector !== FREE && sector < sectorCount) fatSectors.push(sector);
  }
  // Larger files continue the DIFAT in a chain of sectors, each ending with the next's number.
  let difat = r.u32(0x44, 'FirstDIFATSector');
  const seen = new Set<number>();
  while (difat < sectorCount && !seen.has(difat)) {
    seen.add(difat);
    const perSector = sectorSize / 4 - 1;
    for (let i = 0; i < perSector; i++) {
      const sector = r.u32(sectorAt(difat) + i * 4, 'DIFAT sector');
      if (sector !== FREE && sector < sectorCount) fatSectors.push(sector);
    }
    difat = r.u32(sectorAt(difat) + perSector * 4, 'next DIFAT sector');
  }
  const fat: number[] = [];
  for (const sector of fatSectors) {
    const at = sectorAt(sector);
    for (let i = 0; i < sectorSize / 4 && at + i * 4 + 4 <= r.bytes.length; i++) {
      fat.push(r.bytes.readUInt32LE(at + i * 4));
    }
  }
  return fat;
}

function follow(table: number[], start: number, limit: number): number[] {
  const sectors: number[] = [];
  const seen = new Set<number>();
  let sector = start;
  while (sector !== END_OF_CHAIN && sector < limit && !seen.has(sector)) {
    seen.add(sector);
    sectors.push(sector);
    sector = table[sector] ?? END_OF_CHAIN;
  }
  return sectors;
}

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  clsid: string;
  start: number;
  size: number;
}

function parseEntries(directory: Buffer): DirEntry[] {
  const entries: DirEntry[] = [];
  for (let at = 0; at + 128 <= directory.length && entries.length < MAX_ENTRIES; at += 128) {
    const nameLength = Math.min(directory.readUInt16LE(at + 0x40), 64);
    entries.push({
      name: directory.toString('utf16le', at, at + Math.max(0, nameLength - 2)),
      type: directory[at + 0x42]!,
      left: directory.readUInt32LE(at + 0x44),
      right: directory.readUInt32LE(at + 0x48),
      child: directory.readUInt32LE(at + 0x4c),
      clsid: directory.subarray(at + 0x50, at + 0x60).toString('hex'),
      start: directory.readUInt32LE(at + 0x74),
      // Version 3 files keep garbage in the high half of the size; 32 bits are enough here.
      size: directory.readUInt32LE(at + 0x78),
    });
  }
  return entries;
}

/** Every entry below the root with its path, through the red-black sibling trees. */
function* walkTree(entries: DirEntry[]): Generator<{ entry: DirEntry; path: string }> {
  const seen = new Set<number>();
  const stack: Array<{ index: number; prefix: string; depth: number }> = [
    { index: entries[0]?.child ?? FREE, prefix: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { index, prefix, depth } = stack.pop()!;
    const entry = entries[index];
    if (!entry || seen.has(index) || depth > MAX_TREE_DEPTH) continue;
    seen.add(index);
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    yield { entry, path };
    stack.push({ index: entry.left, prefix, depth });
    stack.push({ index: entry.right, prefix, depth });
    if (entry.type === 1) stack.push({ index: entry.child, prefix: path, depth: depth + 1 });
  }
}
