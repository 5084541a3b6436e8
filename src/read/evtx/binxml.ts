/**
 * BinXML tokens (MS-EVEN6 2.2.12, libevtx "Binary XML"): reads a fragment of tokens into a
 * tree. Names and template definitions live elsewhere in the chunk and are read through its
 * tables; template instances carry their substitution values, read here.
 */
import { EvtxFormatError, need } from './errors.js';
import type { NameTable } from './names.js';
import type { BxAttr, BxNode, TemplateDef } from './nodes.js';
import { NULL_VALUE, VT, isKnownValueType, readSizedValue, type BinValue } from './values.js';

// Windows events nest a handful of elements and at most a few templates deep; these caps only
// stop hostile input from recursing without bound.
const MAX_ELEMENT_DEPTH = 64;
export const MAX_NESTING = 12;
/** A data size at least this large cannot be right (see the dependency identifier note). */
const CHUNK_SIZE = 65536;

const TOKEN = {
  eof: 0x00,
  openStart: 0x01,
  closeStart: 0x02,
  closeEmpty: 0x03,
  end: 0x04,
  value: 0x05,
  attribute: 0x06,
  cdata: 0x07,
  charRef: 0x08,
  entityRef: 0x09,
  piTarget: 0x0a,
  piData: 0x0b,
  templateInstance: 0x0c,
  normalSubst: 0x0d,
  optionalSubst: 0x0e,
  fragmentHeader: 0x0f,
} as const;
/** Set on open-start-element when attributes follow, and on some others when more data does. */
const MORE = 0x40;

export interface ChunkTables {
  chunk: Buffer;
  names: NameTable;
  template(offset: number, depth: number): TemplateDef;
}

interface Open {
  node: Extract<BxNode, { kind: 'element' }>;
  inStartTag: boolean;
  attr?: BxAttr;
}

/** Reads tokens in [start, end) until an end-of-fragment token. */
export function readFragment(
  tables: ChunkTables,
  start: number,
  end: number,
  inSubstitution: boolean,
  depth: number,
): BxNode[] {
  if (depth > MAX_NESTING) {
    throw new EvtxFormatError('BinXML nesting', start, `at most ${MAX_NESTING} levels`, 'more');
  }
  const buf = tables.chunk;
  const top: BxNode[] = [];
  const stack: Open[] = [];
  const limit = Math.min(end, buf.length);
  let pos = start;

  const place = (node: BxNode): void => {
    const open = stack[stack.length - 1];
    if (!open) top.push(node);
    else if (open.inStartTag && open.attr) open.attr.parts.push(node);
    else open.node.children.push(node);
  };
  const name = (): string => {
    need(buf, pos, 4, 'name offset');
    const offset = buf.readUInt32LE(pos);
    pos += 4;
    const read = tables.names.read(offset);
    // A name defined here for the first time follows its offset inline.
    if (offset === pos) pos += read.size;
    return read.name;
  };
  const utf16 = (field: string): string => {
    need(buf, pos, 2, field);
    const chars = buf.readUInt16LE(pos);
    need(buf, pos + 2, chars * 2, field);
    const text = buf.toString('utf16le', pos + 2, pos + 2 + chars * 2);
    pos += 2 + chars * 2;
    return text;
  };

  while (pos < limit) {
    const token = buf[pos] as number;
    const base = token & ~MORE;
    const at = pos;
    pos += 1;
    if (token === TOKEN.eof) break;
    switch (base) {
      case TOKEN.openStart: {
        if (stack.length >= MAX_ELEMENT_DEPTH) {
          throw new EvtxFormatError('element depth', at, `< ${MAX_ELEMENT_DEPTH}`, 'deeper');
        }
        need(buf, pos, 6, 'open start element');
        if (!inSubstitution) {
          // The dependency identifier is sometimes missing even where it belongs; a data
          // size past the chunk betrays that, and the reference reader then re-reads without.
          const size = buf.readUInt32LE(pos + 2);
          if (size < CHUNK_SIZE) pos += 2;
        }
        pos += 4;
        const node: Open['node'] = { kind: 'element', name: name(), attrs: [], children: [] };
        if (token & MORE) pos += 4;
        place(node);
        stack.push({ node, inStartTag: true });
        break;
      }
      case TOKEN.closeStart:
      case TOKEN.closeEmpty: {
        const open = stack[stack.length - 1];
        if (!open || !open.inStartTag) {
          throw new EvtxFormatError('BinXML token', at, 'an open start tag', 'none');
        }
        open.inStartTag = false;
        open.attr = undefined;
        if (base === TOKEN.closeEmpty) stack.pop();
        break;
      }
      case TOKEN.end:
        if (!stack.pop()) throw new EvtxFormatError('end element', at, 'an open element', 'none');
        break;
      case TOKEN.value: {
        need(buf, pos, 1, 'value type');
        const type = buf[pos] as number;
        pos += 1;
        place({ kind: 'value', value: readInlineValue(type) });
        break;
      }
      case TOKEN.attribute: {
        const open = stack[stack.length - 1];
        if (!open || !open.inStartTag) {
          throw new EvtxFormatError('attribute', at, 'an open start tag', 'none');
        }
        open.attr = { name: name(), parts: [] };
        open.node.attrs.push(open.attr);
        break;
      }
      case TOKEN.cdata:
        place({ kind: 'cdata', text: utf16('CDATA section') });
        break;
      case TOKEN.charRef:
        need(buf, pos, 2, 'character reference');
        place({ kind: 'charref', code: buf.readUInt16LE(pos) });
        pos += 2;
        break;
      case TOKEN.entityRef:
        place({ kind: 'entity', name: name() });
        break;
      case TOKEN.piTarget: {
        const target = name();
        need(buf, pos, 1, 'PI data token');
        if (buf[pos] !== TOKEN.piData) {
          throw new EvtxFormatError('PI data token', pos, '0x0b', `0x${buf[pos]?.toString(16)}`);
        }
        pos += 1;
        place({ kind: 'pi', target, data: utf16('PI data') });
        break;
      }
      case TOKEN.templateInstance:
        place(readTemplateInstance());
        break;
      case TOKEN.normalSubst:
      case TOKEN.optionalSubst: {
        need(buf, pos, 3, 'substitution');
        const index = buf.readUInt16LE(pos);
        const type = buf[pos + 2] as number;
        if (!isKnownValueType(type)) {
          throw new EvtxFormatError(
            'substitution type',
            pos + 2,
            'a value type',
            `0x${type.toString(16)}`,
          );
        }
        pos += 3;
        place({ kind: 'subst', index, type, optional: base === TOKEN.optionalSubst });
        break;
      }
      case TOKEN.fragmentHeader:
        need(buf, pos, 3, 'fragment header');
        pos += 3;
        break;
      default:
        throw new EvtxFormatError('BinXML token', at, 'a token byte', `0x${token.toString(16)}`);
    }
  }
  return top;

  function readInlineValue(type: number): BinValue {
    if (type === VT.string) return { type, value: utf16('string value') };
    const width = INLINE_WIDTH[type];
    if (width === undefined) {
      throw new EvtxFormatError(
        'inline value type',
        pos - 1,
        'string or fixed width',
        `0x${type.toString(16)}`,
      );
    }
    const value = readSizedValue(buf, pos, width, type);
    pos += width;
    return value;
  }

  function readTemplateInstance(): BxNode {
    need(buf, pos, 9, 'template instance');
    const defOffset = buf.readUInt32LE(pos + 5);
    pos += 9;
    const def = tables.template(defOffset, depth + 1);
    if (defOffset === pos) {
      // The definition is written inline at its first use; skip over it.
      need(buf, pos, 24, 'template definition header');
      pos += 24 + buf.readUInt32LE(pos + 20);
    }
    need(buf, pos, 4, 'substitution count');
    const count = buf.readUInt32LE(pos);
    pos += 4;
    // Each descriptor takes 4 bytes, so the count is bounded by what is left of the fragment.
    need(buf, pos, count * 4, `${count} substitution descriptors`);
    const descriptors = pos;
    pos += count * 4;
    const values: BinValue[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const size = buf.readUInt16LE(descriptors + i * 4);
      const type = buf[descriptors + i * 4 + 2] as number;
      need(buf, pos, size, `substitution ${i} value`);
      values[i] = readSubstitutionValue(type, size, i);
      pos += size;
    }
    return { kind: 'template', def, values };
  }

  function readSubstitutionValue(type: number, size: number, index: number): BinValue {
    if (type === VT.binXml) {
      return { type, value: readFragment(tables, pos, pos + size, true, depth + 1) };
    }
    if (!isKnownValueType(type)) {
      throw new EvtxFormatError(
        `substitution ${index} type`,
        pos,
        'a value type',
        `0x${type.toString(16)}`,
      );
    }
    if (size === 0) return type === VT.string ? { type, value: '' } : NULL_VALUE;
    return readSizedValue(buf, pos, size, type);
  }
}

/** Widths of values that may appear in a value token outside substitutions. */
const INLINE_WIDTH: Record<number, number> = {
  0x03: 1,
  0x04: 1,
  0x05: 2,
  0x06: 2,
  0x07: 4,
  0x08: 4,
  0x09: 8,
  0x0a: 8,
  0x0b: 4,
  0x0c: 8,
  0x0d: 4,
  0x0f: 16,
  0x11: 8,
  0x12: 16,
  0x14: 4,
  0x15: 8,
};
