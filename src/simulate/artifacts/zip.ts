/**
 * ZIP archives (PKWARE APPNOTE 6.3.10), stored or deflated, optionally encrypted with the
 * traditional PKWARE cipher ("ZipCrypto", APPNOTE 6.1) that password-protected lures use
 * because every unzip tool opens it. Used for zip lures, OOXML document stand-ins, and the
 * hostile specimens tests build (bombs, traversal names, a flag that lies).
 */
import { deflateRawSync } from 'node:zlib';
import type { Rng } from '../prng.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** One CRC-32 step without the pre- and post-inversion: the cipher's key update needs it raw. */
function crcStep(crc: number, byte: number): number {
  return ((crc >>> 8) ^ (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0)) >>> 0;
}

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcStep(crc, byte);
  return (crc ^ 0xffffffff) >>> 0;
}

/** APPNOTE 6.1.5: the three keys, initialised from the password and updated per plain byte. */
class ZipCipher {
  private k0 = 0x12345678;
  private k1 = 0x23456789;
  private k2 = 0x34567890;

  constructor(password: string) {
    for (const byte of Buffer.from(password, 'utf8')) this.update(byte);
  }

  private update(byte: number): void {
    this.k0 = crcStep(this.k0, byte);
    this.k1 = (this.k1 + (this.k0 & 0xff)) >>> 0;
    this.k1 = (Math.imul(this.k1, 134775813) + 1) >>> 0;
    this.k2 = crcStep(this.k2, this.k1 >>> 24);
  }

  encrypt(plain: Buffer): Buffer {
    const out = Buffer.alloc(plain.length);
    for (let i = 0; i < plain.length; i += 1) {
      const temp = (this.k2 | 2) & 0xffff;
      const key = (Math.imul(temp, temp ^ 1) >>> 8) & 0xff;
      const byte = plain[i] ?? 0;
      out[i] = byte ^ key;
      this.update(byte);
    }
    return out;
  }
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Deflate the entry (method 8) instead of storing it. */
  deflate?: boolean;
  /** Set the encryption flag without encrypting: a specimen whose header lies. */
  flagEncrypted?: boolean;
}

export interface ZipOptions {
  /** The entries' modification time (ms since the epoch); none writes zeros. */
  time?: number;
  password?: string;
  /** Source of the encryption header's random bytes. */
  rng?: Rng;
  /** The archive comment (end-of-central-directory record). */
  comment?: string;
}

/** DOS date and time of the entries: the archive's own clock, from the caller. */
function dosDateTime(ms: number | undefined): { time: number; date: number } {
  if (ms === undefined) return { time: 0, date: 0 };
  const d = new Date(ms);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export function buildZip(entries: ZipEntry[], options: ZipOptions = {}): Buffer {
  const { time, date } = dosDateTime(options.time);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const method = entry.deflate ? 8 : 0;
    let body = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    // Bit 0: encrypted; bit 11: the name is UTF-8.
    let flags = 1 << 11;
    if (entry.flagEncrypted) flags |= 1;
    if (options.password !== undefined) {
      flags |= 1;
      // APPNOTE 6.1.6: 11 random bytes, then the CRC's high byte for the password check.
      const header = Buffer.concat([
        options.rng?.bytes(11) ?? Buffer.alloc(11),
        Buffer.of(crc >>> 24),
      ]);
      body = new ZipCipher(options.password).encrypt(Buffer.concat([header, body]));
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // Unix mode 0644 in the high half: nothing extracted from a lure is executable.
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'latin1');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, end, comment]);
}
