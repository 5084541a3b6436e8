/**
 * A minimal ISO 9660 image (ECMA-119): sixteen empty system sectors, the primary volume
 * descriptor, the terminator, both path tables, one root directory, then the files. Enough
 * for Windows to mount it and for any ISO reader to list it; the lure only needs that.
 */

const SECTOR = 2048;

function bothEndian32(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(value, 0);
  b.writeUInt32BE(value, 4);
  return b;
}

function bothEndian16(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(value, 0);
  b.writeUInt16BE(value, 2);
  return b;
}

/** ECMA-119 9.1.5: seven bytes, years since 1900 to the GMT offset in 15-minute units. */
function recordingDate(ms: number): Buffer {
  const d = new Date(ms);
  return Buffer.from([
    d.getUTCFullYear() - 1900,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    0,
  ]);
}

/** ECMA-119 8.4.26.1: sixteen digits and the GMT offset byte. */
function volumeDate(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + '00';
  return Buffer.concat([Buffer.from(digits, 'ascii'), Buffer.of(0)]);
}

function directoryRecord(
  id: Buffer,
  extent: number,
  size: number,
  isDir: boolean,
  ms: number,
): Buffer {
  // The record length must be even: a padding byte follows an even-length identifier.
  const length = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(length);
  r[0] = length;
  bothEndian32(extent).copy(r, 2);
  bothEndian32(size).copy(r, 10);
  recordingDate(ms).copy(r, 18);
  r[25] = isDir ? 2 : 0;
  bothEndian16(1).copy(r, 28);
  r[32] = id.length;
  id.copy(r, 33);
  return r;
}

function padded(text: string, length: number): Buffer {
  return Buffer.from(text.padEnd(length, ' ').slice(0, length), 'ascii');
}

export interface IsoFile {
  /** ISO 9660 level 2 names: upper-case letters, digits and `_`, with one dot. */
  name: string;
  data: Buffer;
}

export function buildIso(volume: string, files: IsoFile[], ms: number): Buffer {
  const sectors = (bytes: number): number => Math.max(1, Math.ceil(bytes / SECTOR));
  const rootSector = 20;
  let next = rootSector + 1;
  const placed = files.map((file) => {
    const at = next;
    next += sectors(file.data.length);
    return { ...file, at };
  });

  const root = Buffer.alloc(SECTOR);
  let pos = 0;
  for (const record of [
    directoryRecord(Buffer.of(0), rootSector, SECTOR, true, ms),
    directoryRecord(Buffer.of(1), rootSector, SECTOR, true, ms),
    ...placed.map((f) =>
      directoryRecord(
        Buffer.from(`${f.name.toUpperCase()};1`, 'ascii'),
        f.at,
        f.data.length,
        false,
        ms,
      ),
    ),
  ]) {
    record.copy(root, pos);
    pos += record.length;
  }

  const pathTable = (bigEndian: boolean): Buffer => {
    const t = Buffer.alloc(SECTOR);
    t[0] = 1;
    if (bigEndian) t.writeUInt32BE(rootSector, 2);
    else t.writeUInt32LE(rootSector, 2);
    if (bigEndian) t.writeUInt16BE(1, 6);
    else t.writeUInt16LE(1, 6);
    return t;
  };

  const pvd = Buffer.alloc(SECTOR);
  pvd[0] = 1;
  pvd.write('CD001', 1, 'ascii');
  pvd[6] = 1;
  padded('WIN32', 32).copy(pvd, 8);
  padded(volume.toUpperCase(), 32).copy(pvd, 40);
  bothEndian32(next).copy(pvd, 80);
  bothEndian16(1).copy(pvd, 120);
  bothEndian16(1).copy(pvd, 124);
  bothEndian16(SECTOR).copy(pvd, 128);
  bothEndian32(10).copy(pvd, 132);
  pvd.writeUInt32LE(18, 140);
  pvd.writeUInt32BE(19, 148);
  directoryRecord(Buffer.of(0), rootSector, SECTOR, true, ms).copy(pvd, 156);
  for (const [at, length] of [
    [190, 128],
    [318, 128],
    [446, 128],
    [574, 128],
    [702, 37],
    [739, 37],
    [776, 37],
  ] as const) {
    padded('', length).copy(pvd, at);
  }
  volumeDate(ms).copy(pvd, 813);
  volumeDate(ms).copy(pvd, 830);
  Buffer.concat([Buffer.from('0'.repeat(16), 'ascii'), Buffer.of(0)]).copy(pvd, 847);
  volumeDate(ms).copy(pvd, 864);
  pvd[881] = 1;

  const terminator = Buffer.alloc(SECTOR);
  terminator[0] = 255;
  terminator.write('CD001', 1, 'ascii');
  terminator[6] = 1;

  const image = Buffer.alloc(next * SECTOR);
  pvd.copy(image, 16 * SECTOR);
  terminator.copy(image, 17 * SECTOR);
  pathTable(false).copy(image, 18 * SECTOR);
  pathTable(true).copy(image, 19 * SECTOR);
  root.copy(image, rootSector * SECTOR);
  for (const f of placed) f.data.copy(image, f.at * SECTOR);
  return image;
}
