/**
 * The chunk's string table: element and attribute names are stored once per chunk and then
 * referred to by chunk offset (libevtx "Name"). The header's 64 hash buckets only speed up
 * Windows' own writer; Lurewatch reads each name at the offset it is referred from, so a
 * damaged bucket table costs nothing.
 */
import { EvtxFormatError, need } from './errors.js';

/** Bytes before the characters: next-name offset (4), hash (2), character count (2). */
const NAME_HEADER = 8;
/**
 * Name bytes decoded per chunk. Real chunks hold a few KiB of names; hostile references to
 * many overlapping offsets, each claiming a long name, would otherwise decode the same bytes
 * into thousands of large strings.
 */
const MAX_NAME_BYTES = 4 * 65536;

export class NameTable {
  private readonly cache = new Map<number, string>();
  private decoded = 0;

  constructor(private readonly chunk: Buffer) {}

  /** The name stored at `offset`, and the bytes it occupies there. */
  read(offset: number): { name: string; size: number } {
    const chars = this.chunkChars(offset);
    const size = NAME_HEADER + chars * 2 + 2;
    let name = this.cache.get(offset);
    if (name === undefined) {
      this.decoded += chars * 2;
      if (this.decoded > MAX_NAME_BYTES) {
        throw new EvtxFormatError('names', offset, `${MAX_NAME_BYTES} bytes in all`, 'more');
      }
      name = this.chunk.toString('utf16le', offset + NAME_HEADER, offset + NAME_HEADER + chars * 2);
      this.cache.set(offset, name);
    }
    return { name, size };
  }

  private chunkChars(offset: number): number {
    need(this.chunk, offset, NAME_HEADER, 'name header');
    const chars = this.chunk.readUInt16LE(offset + 6);
    need(this.chunk, offset + NAME_HEADER, chars * 2 + 2, 'name characters');
    return chars;
  }
}
