/**
 * Builds small UDF-only disk images for tests (ECMA-167 structures in their simplest form:
 * one physical partition, 8-bit names), as the image tools that lures are made with write
 * them without an ISO 9660 bridge. With `metadata`, file entries and directories go to a
 * UDF 2.5 metadata partition, as Windows' own image tools lay them out.
 */

export interface UdfSpec {
  /** Directories and the file name joined with `/`. */
  path: string;
  content: Buffer;
  hidden?: boolean;
  /** Store the content inside the file entry (ICB flags 3) rather than in its own blocks. */
  embedded?: boolean;
}

const SECTOR = 2048;
const PARTITION_START = 300;

interface Dir {
  files: Array<UdfSpec & { name: string }>;
  dirs: Map<string, Dir>;
}

interface Layout {
  /** Blocks of the partition that holds entries and directories. */
  meta: Buffer[];
  /** Blocks of the physical partition (the same array without a metadata partition). */
  data: Buffer[];
  /** Partition reference of `meta` in allocation descriptors. */
  metaRef: number;
}

export function buildUdf(specs: UdfSpec[], options: { metadata?: boolean } = {}): Buffer {
  const root: Dir = { files: [], dirs: new Map() };
  for (const spec of specs) {
    const parts = spec.path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      if (!dir.dirs.has(part)) dir.dirs.set(part, { files: [], dirs: new Map() });
      dir = dir.dirs.get(part)!;
    }
    dir.files.push({ ...spec, name: parts[parts.length - 1]! });
  }

  const data: Buffer[] = [];
  const layout: Layout = options.metadata
    ? { meta: [], data, metaRef: 1 }
    : { meta: data, data, metaRef: 0 };
  const fsd = allocate(layout.meta);
  const rootEntry = writeDirectory(root, layout);
  layout.meta[fsd] = tagged(256, (b) => longAd(b, 400, SECTOR, rootEntry, layout.metaRef));

  // The metadata partition is a file of the physical partition: its blocks, then its entry.
  let metadataEntry = 0;
  if (options.metadata) {
    const first = data.length;
    data.push(...layout.meta);
    metadataEntry = allocate(data);
    data[metadataEntry] = fileEntry(
      250,
      layout.meta.length * SECTOR,
      0,
      shortAd(layout.meta.length * SECTOR, first),
    );
  }
  const blocks = data;

  const image = Buffer.alloc((PARTITION_START + blocks.length) * SECTOR);
  image.write('\0BEA01\x01', 16 * SECTOR, 'latin1');
  image.write('\0NSR02\x01', 17 * SECTOR, 'latin1');
  image.write('\0TEA01\x01', 18 * SECTOR, 'latin1');
  tagged(2, (b) => {
    b.writeUInt32LE(16 * SECTOR, 16);
    b.writeUInt32LE(32, 20);
  }).copy(image, 256 * SECTOR);
  tagged(5, (b) => {
    b.writeUInt16LE(0, 22);
    b.writeUInt32LE(PARTITION_START, 188);
    b.writeUInt32LE(blocks.length, 192);
  }).copy(image, 32 * SECTOR);
  tagged(6, (b) => {
    b.writeUInt32LE(SECTOR, 212);
    longAd(b, 248, SECTOR, fsd, layout.metaRef);
    b.writeUInt32LE(options.metadata ? 70 : 6, 264);
    b.writeUInt32LE(options.metadata ? 2 : 1, 268);
    b.set([1, 6, 1, 0, 0, 0], 440);
    if (options.metadata) {
      b.set([2, 64], 446);
      b.write('*UDF Metadata Partition', 446 + 5, 'latin1');
      b.writeUInt16LE(1, 446 + 36);
      b.writeUInt16LE(0, 446 + 38);
      b.writeUInt32LE(metadataEntry, 446 + 40);
    }
  }).copy(image, 33 * SECTOR);
  tagged(8, () => undefined).copy(image, 34 * SECTOR);
  blocks.forEach((block, i) => block.copy(image, (PARTITION_START + i) * SECTOR));
  return image;
}

function allocate(blocks: Buffer[], count = 1): number {
  const lbn = blocks.length;
  for (let i = 0; i < count; i++) blocks.push(Buffer.alloc(SECTOR));
  return lbn;
}

function store(blocks: Buffer[], content: Buffer): number {
  const first = allocate(blocks, Math.max(1, Math.ceil(content.length / SECTOR)));
  content.forEach((byte, i) => (blocks[first + Math.floor(i / SECTOR)]![i % SECTOR] = byte));
  return first;
}

/** Content of a file: in the entry's own partition (short_ad) or the physical one (long_ad). */
function contentAd(layout: Layout, content: Buffer): { adType: number; ads: Buffer } {
  const lbn = store(layout.data, content);
  if (layout.metaRef === 0) return { adType: 0, ads: shortAd(content.length, lbn) };
  const ad = Buffer.alloc(16);
  longAd(ad, 0, content.length, lbn, 0);
  return { adType: 1, ads: ad };
}

function writeDirectory(dir: Dir, layout: Layout): number {
  const { meta, metaRef } = layout;
  const entry = allocate(meta);
  const fids: Buffer[] = [fid(0x0a, '', entry, metaRef)];
  for (const [name, child] of dir.dirs)
    fids.push(fid(0x02, name, writeDirectory(child, layout), metaRef));
  for (const file of dir.files) {
    const fileEntryLbn = allocate(meta);
    if (file.embedded) {
      meta[fileEntryLbn] = fileEntry(5, file.content.length, 3, file.content);
    } else {
      const { adType, ads } = contentAd(layout, file.content);
      meta[fileEntryLbn] = fileEntry(5, file.content.length, adType, ads);
    }
    fids.push(fid(file.hidden ? 0x01 : 0, file.name, fileEntryLbn, metaRef));
  }
  const listing = Buffer.concat(fids);
  // Directory contents live with the entries, in the metadata partition when there is one.
  const first = store(meta, listing);
  meta[entry] = fileEntry(4, listing.length, 0, shortAd(listing.length, first));
  return entry;
}

function fileEntry(type: number, size: number, adType: number, ads: Buffer): Buffer {
  return tagged(261, (b) => {
    b[27] = type;
    b.writeUInt16LE(adType, 34);
    b.writeBigUInt64LE(BigInt(size), 56);
    b.writeUInt32LE(0, 168);
    b.writeUInt32LE(ads.length, 172);
    ads.copy(b, 176);
  });
}

function fid(characteristics: number, name: string, icb: number, partition: number): Buffer {
  const identifier = name
    ? Buffer.concat([Buffer.from([8]), Buffer.from(name, 'latin1')])
    : Buffer.alloc(0);
  const out = Buffer.alloc((38 + identifier.length + 3) & ~3);
  out.writeUInt16LE(257, 0);
  out[18] = characteristics;
  out[19] = identifier.length;
  longAd(out, 20, SECTOR, icb, partition);
  identifier.copy(out, 38);
  return out;
}

function shortAd(length: number, lbn: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(length, 0);
  out.writeUInt32LE(lbn, 4);
  return out;
}

function longAd(target: Buffer, at: number, length: number, lbn: number, partition: number) {
  target.writeUInt32LE(length, at);
  target.writeUInt32LE(lbn, at + 4);
  target.writeUInt16LE(partition, at + 8);
}

function tagged(id: number, fill: (block: Buffer) => void): Buffer {
  const block = Buffer.alloc(SECTOR);
  block.writeUInt16LE(id, 0);
  fill(block);
  return block;
}
