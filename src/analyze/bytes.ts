/**
 * Bounds-checked reads for the binary parsers. A read past the end throws a `FormatError`
 * naming the field, its offset, and the bytes needed and available, which the analysis turns
 * into a `parse-error` finding on the file.
 */

export class FormatError extends Error {
  readonly code = 'bad-structure';
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`${field} at offset 0x${offset.toString(16)}: needs ${needed} bytes, ${available} left`);
    this.name = 'FormatError';
  }
}

export class ByteReader {
  constructor(readonly bytes: Buffer) {}

  private check(field: string, offset: number, size: number): void {
    if (offset < 0 || offset + size > this.bytes.length) {
      throw new FormatError(field, offset, size, Math.max(0, this.bytes.length - offset));
    }
  }

  u8(offset: number, field: string): number {
    this.check(field, offset, 1);
    return this.bytes[offset]!;
  }

  u16(offset: number, field: string): number {
    this.check(field, offset, 2);
    return this.bytes.readUInt16LE(offset);
  }

  u32(offset: number, field: string): number {
    this.check(field, offset, 4);
    return this.bytes.readUInt32LE(offset);
  }

  /** A 64-bit value as a number; offsets and sizes above 2^53 are not meaningful here. */
  u64(offset: number, field: string): number {
    this.check(field, offset, 8);
    return Number(this.bytes.readBigUInt64LE(offset));
  }

  slice(offset: number, size: number, field: string): Buffer {
    this.check(field, offset, size);
    return this.bytes.subarray(offset, offset + size);
  }

  /** A NUL-terminated single-byte string of at most `max` bytes. */
  cString(offset: number, max: number, field: string): string {
    this.check(field, offset, 1);
    const end = this.bytes.indexOf(0, offset);
    const stop = end < 0 ? Math.min(this.bytes.length, offset + max) : Math.min(end, offset + max);
    return this.bytes.toString('latin1', offset, stop);
  }

  /** A NUL-terminated UTF-16LE string of at most `max` characters. */
  utf16z(offset: number, max: number, field: string): string {
    this.check(field, offset, 2);
    let end = offset;
    const limit = Math.min(this.bytes.length - 1, offset + max * 2);
    while (end < limit && this.bytes.readUInt16LE(end) !== 0) end += 2;
    return this.bytes.toString('utf16le', offset, end);
  }
}
