/**
 * The chunk's template table: a template definition is written once per chunk, inline at its
 * first use, and later instances refer to it by chunk offset (libevtx "Template definition").
 * Definitions are parsed on first reference and kept for the rest of the chunk; the header's
 * 32 hash buckets are not needed for that.
 */
import { readFragment, type ChunkTables } from './binxml.js';
import { EvtxFormatError, need } from './errors.js';
import { NameTable } from './names.js';
import type { TemplateDef } from './nodes.js';

/** next-template offset (4), GUID (16), data size (4). */
const DEFINITION_HEADER = 24;
/**
 * Template bytes parsed per chunk. Definitions are distinct stretches of the chunk, so real
 * chunks stay under its 64 KiB; a hostile one pointing instances at many overlapping offsets
 * would otherwise have the same bytes parsed and kept thousands of times.
 */
const MAX_TEMPLATE_BYTES = 4 * 65536;

export class ChunkContext implements ChunkTables {
  readonly names: NameTable;
  private readonly templates = new Map<number, TemplateDef | EvtxFormatError>();
  private readonly parsing = new Set<number>();
  private templateBytes = 0;

  constructor(
    readonly chunk: Buffer,
    /** Where the chunk starts in the file, for messages. */
    readonly fileOffset = 0,
  ) {
    this.names = new NameTable(chunk);
  }

  template(offset: number, depth: number): TemplateDef {
    const known = this.templates.get(offset);
    if (known instanceof EvtxFormatError) throw known;
    if (known) return known;
    if (this.parsing.has(offset)) {
      throw new EvtxFormatError('template definition', offset, 'no self reference', 'a cycle');
    }
    this.parsing.add(offset);
    try {
      const def = this.parseDefinition(offset, depth);
      this.templates.set(offset, def);
      return def;
    } catch (error) {
      if (error instanceof EvtxFormatError) this.templates.set(offset, error);
      throw error;
    } finally {
      this.parsing.delete(offset);
    }
  }

  private parseDefinition(offset: number, depth: number): TemplateDef {
    need(this.chunk, offset, DEFINITION_HEADER, 'template definition header');
    const size = this.chunk.readUInt32LE(offset + 20);
    const start = offset + DEFINITION_HEADER;
    need(this.chunk, start, size, 'template definition data');
    this.templateBytes += size;
    if (this.templateBytes > MAX_TEMPLATE_BYTES) {
      throw new EvtxFormatError(
        'template definitions',
        offset,
        `${MAX_TEMPLATE_BYTES} bytes in all`,
        'more',
      );
    }
    const guid = this.chunk.toString('hex', offset + 4, offset + 20);
    return { offset, guid, nodes: readFragment(this, start, start + size, false, depth) };
  }
}
