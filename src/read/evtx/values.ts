/**
 * BinXML value types (MS-EVEN6 2.2.18, libevtx "Value types"): how each is read from the
 * substitution data and how it is rendered, as JSON the way evtx_dump does and as text. One
 * table entry per type; the array types (0x80 | type) are derived from their element type.
 */
import { EvtxFormatError, need } from './errors.js';
import { formatFiletime, formatSystemtime } from './time.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A decoded value: its type code and the decoded payload (shape depends on the type). */
export interface BinValue {
  type: number;
  value: unknown;
}

export const VT = {
  null: 0x00,
  string: 0x01,
  ansiString: 0x02,
  bool: 0x0d,
  binary: 0x0e,
  sizeT: 0x10,
  evtHandle: 0x20,
  binXml: 0x21,
  evtXml: 0x23,
  array: 0x80,
} as const;

export const NULL_VALUE: BinValue = Object.freeze({ type: VT.null, value: null });

interface ValueType {
  name: string;
  /** Bytes per element for fixed-width types; used to split arrays. */
  width?: number;
  read(buf: Buffer, offset: number, size: number): unknown;
  json(value: unknown, exact: boolean): Json;
  text(value: unknown): string;
}

const asString = (v: unknown): string => v as string;
const toNumber = (v: unknown): number => Number(v as number | bigint);
const numberText = (v: unknown): string => String(v);

function floatJson(v: unknown): Json {
  return Number.isFinite(v as number) ? (v as number) : null;
}

/** Rust prints an f32 with the fewest digits that read back to the same f32. */
function float32Text(v: unknown): string {
  const n = v as number;
  if (!Number.isFinite(n)) return n !== n ? 'NaN' : n > 0 ? 'inf' : '-inf';
  for (let digits = 1; digits < 10; digits++) {
    const text = Number(n.toPrecision(digits));
    if (Math.fround(text) === n) return String(text);
  }
  return String(n);
}

/** A string value ends at its first NUL; what follows is padding or stale bytes. */
function utf16(buf: Buffer, offset: number, size: number): string {
  const end = offset + (size & ~1);
  let stop = offset;
  while (stop < end && (buf[stop] !== 0 || buf[stop + 1] !== 0)) stop += 2;
  return buf.toString('utf16le', offset, stop);
}

function guidText(buf: Buffer, o: number): string {
  const h = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const tail = buf.toString('hex', o + 8, o + 16).toUpperCase();
  return `${h(buf.readUInt32LE(o), 8)}-${h(buf.readUInt16LE(o + 4), 4)}-${h(
    buf.readUInt16LE(o + 6),
    4,
  )}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** A SID: revision, sub-authority count, 48-bit big-endian authority, 32-bit sub-authorities. */
function readSid(buf: Buffer, offset: number): { text: string; size: number } {
  need(buf, offset, 8, 'SID header');
  const count = buf[offset + 1] as number;
  need(buf, offset + 8, count * 4, 'SID sub-authorities');
  const authority = buf.readUIntBE(offset + 2, 6);
  let text = `S-${buf[offset]}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${buf.readUInt32LE(offset + 8 + i * 4)}`;
  return { text, size: 8 + count * 4 };
}

const fixed = (
  name: string,
  width: number,
  read: (buf: Buffer, o: number) => unknown,
  json: (v: unknown, exact: boolean) => Json = toNumber,
  text: (v: unknown) => string = numberText,
): ValueType => ({ name, width, read: (buf, o) => read(buf, o), json, text });

const hexText = (v: unknown): string => `0x${(v as number | bigint).toString(16)}`;

const TYPES: ReadonlyMap<number, ValueType> = new Map<number, ValueType>([
  [VT.null, { name: 'Null', read: () => null, json: () => null, text: () => '' }],
  [
    VT.string,
    { name: 'String', read: (b, o, s) => utf16(b, o, s), json: asString, text: asString },
  ],
  [
    VT.ansiString,
    {
      name: 'AnsiString',
      // Windows-1252 for the common range; NULs are padding, not text.
      read: (b, o, s) => b.toString('latin1', o, o + s).replace(/\0/g, ''),
      json: asString,
      text: asString,
    },
  ],
  [0x03, fixed('Int8', 1, (b, o) => b.readInt8(o))],
  [0x04, fixed('UInt8', 1, (b, o) => b.readUInt8(o))],
  [0x05, fixed('Int16', 2, (b, o) => b.readInt16LE(o))],
  [0x06, fixed('UInt16', 2, (b, o) => b.readUInt16LE(o))],
  [0x07, fixed('Int32', 4, (b, o) => b.readInt32LE(o))],
  [0x08, fixed('UInt32', 4, (b, o) => b.readUInt32LE(o))],
  [0x09, fixed('Int64', 8, (b, o) => b.readBigInt64LE(o), int64Json)],
  [0x0a, fixed('UInt64', 8, (b, o) => b.readBigUInt64LE(o), int64Json)],
  [0x0b, fixed('Real32', 4, (b, o) => b.readFloatLE(o), floatJson, float32Text)],
  [0x0c, fixed('Real64', 8, (b, o) => b.readDoubleLE(o), floatJson)],
  [
    VT.bool,
    {
      name: 'Bool',
      width: 4,
      // Any non-zero value is true: real logs carry values other than 0 and 1.
      read: (b, o, s) => {
        for (let i = 0; i < Math.min(s, 4); i++) if (b[o + i] !== 0) return true;
        return false;
      },
      json: (v) => v as boolean,
      text: (v) => String(v),
    },
  ],
  [
    VT.binary,
    {
      name: 'Binary',
      read: (b, o, s) => b.toString('hex', o, o + s).toUpperCase(),
      json: asString,
      text: asString,
    },
  ],
  [0x0f, fixed('Guid', 16, guidText, asString, asString)],
  [
    VT.sizeT,
    {
      name: 'SizeT',
      width: 4,
      // 32 or 64 bits, as the writing process was.
      read: (b, o, s) => (s >= 8 ? b.readBigUInt64LE(o) : b.readUInt32LE(o)),
      json: hexText,
      text: hexText,
    },
  ],
  [0x11, fixed('FileTime', 8, (b, o) => formatFiletime(b.readBigUInt64LE(o)), nullable, text)],
  [0x12, fixed('SysTime', 16, formatSystemtime, nullable, text)],
  [
    0x13,
    {
      name: 'Sid',
      read: (b, o) => readSid(b, o).text,
      json: asString,
      text: asString,
    },
  ],
  [0x14, fixed('HexInt32', 4, (b, o) => b.readUInt32LE(o), hexText, hexText)],
  [0x15, fixed('HexInt64', 8, (b, o) => b.readBigUInt64LE(o), hexText, hexText)],
]);

function nullable(v: unknown): Json {
  return v === undefined ? null : (v as string);
}
function text(v: unknown): string {
  return v === undefined ? '' : (v as string);
}

/** Types that carry no renderable payload; their bytes are skipped. */
const OPAQUE = new Set<number>([VT.evtHandle, VT.evtXml]);

export function valueTypeName(type: number): string {
  const base = TYPES.get(type & ~VT.array);
  if (!base) return `0x${type.toString(16)}`;
  return type & VT.array ? `${base.name}Array` : base.name;
}

export function isKnownValueType(type: number): boolean {
  return TYPES.has(type) || OPAQUE.has(type) || type === VT.binXml || TYPES.has(type & ~VT.array);
}

/**
 * Reads a value of `type` occupying exactly `size` bytes at `offset` (a substitution value).
 * BinXML values are parsed by the caller, which knows the chunk.
 */
export function readSizedValue(buf: Buffer, offset: number, size: number, type: number): BinValue {
  need(buf, offset, size, `${valueTypeName(type)} value`);
  if (type === VT.null || OPAQUE.has(type)) return NULL_VALUE;
  if (type & VT.array) return { type, value: readArray(buf, offset, size, type) };
  const spec = TYPES.get(type);
  if (!spec) throw new EvtxFormatError('value type', offset, 'a known value type', hexByte(type));
  if (spec.width !== undefined && size < spec.width && type !== VT.bool) {
    throw new EvtxFormatError(`${spec.name} value`, offset, `${spec.width} bytes`, `${size}`);
  }
  return { type, value: spec.read(buf, offset, size) };
}

function readArray(buf: Buffer, offset: number, size: number, type: number): unknown[] {
  const base = type & ~VT.array;
  const spec = TYPES.get(base);
  if (!spec) throw new EvtxFormatError('array type', offset, 'a known value type', hexByte(type));
  const out: unknown[] = [];
  const end = offset + size;
  if (base === VT.string) {
    // NUL-terminated UTF-16 strings one after the other.
    let start = offset;
    for (let i = offset; i + 1 < end; i += 2) {
      if (buf[i] === 0 && buf[i + 1] === 0) {
        out.push(buf.toString('utf16le', start, i));
        start = i + 2;
      }
    }
    if (start + 1 < end) out.push(buf.toString('utf16le', start, end - ((end - start) & 1)));
    return out;
  }
  if (base === 0x13) {
    for (let o = offset; o + 8 <= end;) {
      const sid = readSid(buf.subarray(0, end), o);
      out.push(sid.text);
      o += sid.size;
    }
    return out;
  }
  const width = spec.width ?? 1;
  for (let o = offset; o + width <= end; o += width) out.push(spec.read(buf, o, width));
  return out;
}

function hexByte(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`;
}

/** The JSON evtx_dump writes for a value. */
/**
 * Stands in, inside a string, for a 64-bit integer that a JS number cannot hold; replaced by
 * the digits once the record is serialised (`exactJsonText`). The private-use character and
 * random tag keep it from ever matching text read from a file.
 */
const BIG_MARK = `\uE000${Math.random().toString(36).slice(2, 10)}`;
const BIG_MARKED = new RegExp(`"${BIG_MARK}(-?[0-9]+)${BIG_MARK}"`, 'g');

function int64Json(v: unknown, exact: boolean): Json {
  const n = Number(v as bigint);
  return exact && !Number.isSafeInteger(n) ? `${BIG_MARK}${String(v)}${BIG_MARK}` : n;
}

/** JSON text of a record rendered with exact integers. */
export function exactJsonText(value: Json): string {
  const text = JSON.stringify(value);
  return text.includes(BIG_MARK) ? text.replace(BIG_MARKED, '$1') : text;
}

/**
 * The JSON evtx_dump writes for a value. With `exact`, integers past 2^53 come out marked for
 * `exactJsonText`, which writes their digits as the reference does; otherwise they are numbers
 * rounded as `JSON.parse` of the reference's output rounds them.
 */
export function valueToJson(v: BinValue, exact = false): Json {
  if (v.type & VT.array) {
    const spec = TYPES.get(v.type & ~VT.array);
    return spec ? (v.value as unknown[]).map((x) => spec.json(x, exact)) : null;
  }
  const spec = TYPES.get(v.type);
  return spec ? spec.json(v.value, exact) : null;
}

/** The text form: used for `Data Name` keys, for joined text and for XML output. */
export function valueToText(v: BinValue): string {
  if (v.type & VT.array) {
    const spec = TYPES.get(v.type & ~VT.array);
    return spec ? (v.value as unknown[]).map((x) => spec.text(x)).join(',') : '';
  }
  const spec = TYPES.get(v.type);
  return spec ? spec.text(v.value) : '';
}
