/**
 * Builds small UDF-only disk images for tests (ECMA-167 structures in their simplest form:
 * one physical partition, short allocation descriptors, 8-bit names), as the image tools that
 * lures are made with write them without an ISO 9660 bridge.
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

export function buildUdf(specs: UdfSpec[]): Buffer {
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

  const blocks: Buffer[] = []; // logical blocks of the partition
  const allocate = (count = 1) => {
    const lbn = blocks.length;
    for (let i = 0; i < count; i++) blocks.push(Buffer.alloc(SECTOR));
    return lbn;
  };
  const fsd = allocate();
  const rootEntry = writeDirectory(root, blocks, allocate);
  blocks[fsd] = tagged(256, (b) => longAd(b, 400, SECTOR, rootEntry));

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
    longAd(b, 248, SECTOR, fsd);
    b.writeUInt32LE(6, 264);
    b.writeUInt32LE(1, 268);
    b.set([1, 6, 1, 0, 0, 0], 440);
  }).copy(image, 33 * SECTOR);
  tagged(8, () => undefined).copy(image, 34 * SECTOR);
  blocks.forEach((block, i) => block.copy(image, (PARTITION_START + i) * SECTOR));
  return image;
}

function writeDirectory(dir: Dir, blocks: Buffer[], allocate: (n?: number) => number): number {
  const entry = allocate();
  const fids: Buffer[] = [fid(0x0a, '', entry)];
  for (const [name, child] of dir.dirs)
    fids.push(fid(0x02, name, writeDirectory(child, blocks, allocate)));
  for (const file of dir.files) {
    const fileEntryLbn = allocate();
    if (file.embedded) {
      blocks[fileEntryLbn] = fileEntry(5, file.content.length, 3, file.content);
    } else {
      const data = allocate(Math.max(1, Math.ceil(file.content.length / SECTOR)));
      file.content.forEach(
        (byte, i) => (blocks[data + Math.floor(i / SECTOR)]![i % SECTOR] = byte),
      );
      blocks[fileEntryLbn] = fileEntry(
        5,
        file.content.length,
        0,
        shortAd(file.content.length, data),
      );
    }
    fids.push(fid(file.hidden ? 0x01 : 0, file.name, fileEntryLbn));
  }
  const listing = Buffer.concat(fids);
  const data = allocate(Math.ceil(listing.length / SECTOR));
  listing.forEach((byte, i) => (blocks[data + Math.floor(i / SECTOR)]![i % SECTOR] = byte));
  blocks[entry] = fileEntry(4, listing.length, 0, shortAd(listing.length, data));
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

function fid(characteristics: number, name: string, icb: number): Buffer {
  const identifier = name
    ? Buffer.concat([Buffer.from([8]), Buffer.from(name, 'latin1')])
    : Buffer.alloc(0);
  const out = Buffer.alloc((38 + identifier.length + 3) & ~3);
  out.writeUInt16LE(257, 0);
  out[18] = characteristics;
  out[19] = identifier.length;
  longAd(out, 20, SECTOR, icb);
  identifier.copy(out, 38);
  return out;
}

function shortAd(length: number, lbn: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(length, 0);
  out.writeUInt32LE(lbn, 4);
  return out;
}

function longAd(target: Buffer, at: number, length: number, lbn: number): void {
  target.writeUInt32LE(length, at);
  target.writeUInt32LE(lbn, at + 4);
  target.writeUInt16LE(0, at + 8);
}

function tagged(id: number, fill: (block: Buffer) => void): Buffer {
  const block = Buffer.alloc(SECTOR);
  block.writeUInt16LE(id, 0);
  fill(block);
  return block;
}
