/**
 * Writes small EVTX chunks by hand for tests: BinXML tokens, inline names and template
 * definitions, records and a chunk header with valid checksums. Only what the tests need.
 */
import { crc32 } from 'node:zlib';

export class ChunkWriter {
  readonly buf = Buffer.alloc(65536);
  pos = 512;
  private readonly names = new Map<string, number>();
  private readonly records: { id: number; offset: number }[] = [];

  u8(v: number): this {
    this.buf.writeUInt8(v, this.pos);
    this.pos += 1;
    return this;
  }
  u16(v: number): this {
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }
  bytes(b: Buffer): this {
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  /** A name reference: inline the first time, by offset afterwards. */
  name(text: string): this {
    const known = this.names.get(text);
    if (known !== undefined) return this.u32(known);
    const offset = this.pos + 4;
    this.names.set(text, offset);
    this.u32(offset).u32(0).u16(0).u16(text.length).bytes(Buffer.from(text, 'utf16le'));
    return this.u16(0);
  }

  open(name: string, attributes = false): this {
    // Token, dependency identifier, data size, name, and the attribute list size if any.
    this.u8(attributes ? 0x41 : 0x01)
      .u16(0xffff)
      .u32(0)
      .name(name);
    return attributes ? this.u32(0) : this;
  }
  attr(name: string): this {
    return this.u8(0x06).name(name);
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03);
  }
  end(): this {
    return this.u8(0x04);
  }
  text(s: string): this {
    return this.u8(0x05).u8(0x01).u16(s.length).bytes(Buffer.from(s, 'utf16le'));
  }
  entity(name: string): this {
    return this.u8(0x09).name(name);
  }
  subst(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type);
  }

  /** A template instance whose definition is written inline here by `body`. */
  defineTemplate(body: (w: this) => void): { offset: number } {
    this.u8(0x0c).u8(0x01).u32(1);
    const offset = this.pos + 4;
    this.u32(offset).u32(0).bytes(Buffer.alloc(16, 0xab));
    const sizeAt = this.pos;
    this.u32(0);
    const start = this.pos;
    this.u8(0x0f).u8(1).u8(1).u8(0);
    body(this);
    this.u8(0x00);
    this.buf.writeUInt32LE(this.pos - start, sizeAt);
    return { offset };
  }
  /** A template instance referring to a definition written earlier. */
  useTemplate(offset: number): this {
    return this.u8(0x0c).u8(0x01).u32(1).u32(offset);
  }
  /** The substitution array: [type, bytes] per value. */
  values(values: [number, Buffer][]): this {
    this.u32(values.length);
    for (const [type, bytes] of values) this.u16(bytes.length).u8(type).u8(0);
    for (const [, bytes] of values) this.bytes(bytes);
    return this;
  }

  record(id: number, body: (w: this) => void): this {
    const offset = this.pos;
    this.u32(0x2a2a).u32(0).u32(id).u32(0).u32(0).u32(0);
    this.u8(0x0f).u8(1).u8(1).u8(0);
    body(this);
    this.u8(0x00);
    const size = this.pos + 4 - offset;
    this.u32(size);
    this.buf.writeUInt32LE(size, offset + 4);
    this.records.push({ id, offset });
    return this;
  }

  /**
   * The finished chunk with its header and both checksums. `flushed` makes the header describe
   * only the first records, as when a log is not closed cleanly.
   */
  chunk(flushed = this.records.length): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    const first = this.records[0]?.id ?? 0;
    const last = this.records[flushed - 1];
    const free = this.records[flushed]?.offset ?? this.pos;
    b.writeBigUInt64LE(BigInt(first), 8);
    b.writeBigUInt64LE(BigInt(last?.id ?? 0), 16);
    b.writeBigUInt64LE(BigInt(first), 24);
    b.writeBigUInt64LE(BigInt(last?.id ?? 0), 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(last?.offset ?? 0, 44);
    b.writeUInt32LE(free, 48);
    b.writeUInt32LE(crc32(b.subarray(512, free)), 52);
    b.writeUInt32LE(crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))), 124);
    return b;
  }
}

export const utf16z = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf16le');
export const u32le = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
