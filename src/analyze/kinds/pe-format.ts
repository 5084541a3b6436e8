/**
 * The Portable Executable headers (Microsoft PE/COFF specification): COFF file header,
 * optional header, data directories, section table and import directory. Only what an
 * analyst triages on is read; every read is bounds-checked.
 */
import { ByteReader } from '../bytes.js';
import { entropy } from '../hash.js';

export interface PeSection {
  name: string;
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
  characteristics: number;
  entropy: number;
}

export interface PeImport {
  dll: string;
  functions: string[];
}

export interface PeImage {
  machine: number;
  is64: boolean;
  timestamp: number;
  characteristics: number;
  subsystem: number;
  entryPoint: number;
  sections: PeSection[];
  /** Data directories by index: [rva (or file offset for the certificate table), size]. */
  directories: Array<[number, number]>;
}

// The specification allows 96 sections; a header claiming more is damaged or hostile.
const MAX_SECTIONS = 96;
const MAX_IMPORT_DLLS = 512;
const MAX_IMPORTS_PER_DLL = 2_048;

export const DIRECTORY = { import: 1, resource: 2, security: 4, clr: 14 } as const;

export function parsePe(bytes: Buffer): PeImage {
  const r = new ByteReader(bytes);
  const pe = r.u32(0x3c, 'e_lfanew');
  if (r.u32(pe, 'PE signature') !== 0x00004550) throw new Error('no PE signature at e_lfanew');

  const coff = pe + 4;
  const sectionCount = Math.min(r.u16(coff + 2, 'NumberOfSections'), MAX_SECTIONS);
  const optional = coff + 20;
  const optionalSize = r.u16(coff + 16, 'SizeOfOptionalHeader');
  const magic = r.u16(optional, 'optional header Magic');
  const is64 = magic === 0x20b;
  const directoryCountAt = optional + (is64 ? 108 : 92);
  const directoryCount = Math.min(r.u32(directoryCountAt, 'NumberOfRvaAndSizes'), 16);
  const directories: Array<[number, number]> = [];
  for (let i = 0; i < directoryCount; i++) {
    const at = directoryCountAt + 4 + i * 8;
    directories.push([r.u32(at, `data directory ${i}`), r.u32(at + 4, `data directory ${i} size`)]);
  }

  const sections: PeSection[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const at = optional + optionalSize + i * 40;
    const rawOffset = r.u32(at + 20, 'PointerToRawData');
    const rawSize = r.u32(at + 16, 'SizeOfRawData');
    const raw = bytes.subarray(rawOffset, Math.min(bytes.length, rawOffset + rawSize));
    sections.push({
      name: r.slice(at, 8, 'section Name').toString('latin1').replace(/\0+$/, ''),
      virtualSize: r.u32(at + 8, 'VirtualSize'),
      virtualAddress: r.u32(at + 12, 'VirtualAddress'),
      rawOffset,
      rawSize,
      characteristics: r.u32(at + 36, 'section Characteristics'),
      entropy: entropy(raw),
    });
  }
  return {
    machine: r.u16(coff, 'Machine'),
    is64,
    timestamp: r.u32(coff + 4, 'TimeDateStamp'),
    characteristics: r.u16(coff + 18, 'Characteristics'),
    subsystem: r.u16(optional + 68, 'Subsystem'),
    entryPoint: r.u32(optional + 16, 'AddressOfEntryPoint'),
    sections,
    directories,
  };
}

/** The file offset of a relative virtual address, through the section that maps it. */
export function rvaToOffset(image: PeImage, rva: number): number | undefined {
  for (const s of image.sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
      return rva - s.virtualAddress + s.rawOffset;
    }
  }
  return undefined;
}

export function parseImports(bytes: Buffer, image: PeImage): PeImport[] {
  const r = new ByteReader(bytes);
  const [rva = 0, size = 0] = image.directories[DIRECTORY.import] ?? [];
  let at = rva && size ? rvaToOffset(image, rva) : undefined;
  const imports: PeImport[] = [];
  while (at !== undefined && imports.length < MAX_IMPORT_DLLS) {
    const lookup = r.u32(at, 'OriginalFirstThunk') || r.u32(at + 16, 'FirstThunk');
    const nameRva = r.u32(at + 12, 'import Name');
    if (nameRva === 0) break;
    const nameAt = rvaToOffset(image, nameRva);
    const dll = nameAt === undefined ? '?' : r.cString(nameAt, 256, 'import DLL name');
    imports.push({ dll, functions: thunkNames(r, image, lookup) });
    at += 20;
  }
  return imports;
}

function thunkNames(r: ByteReader, image: PeImage, lookupRva: number): string[] {
  const names: string[] = [];
  let at = rvaToOffset(image, lookupRva);
  const width = image.is64 ? 8 : 4;
  while (at !== undefined && names.length < MAX_IMPORTS_PER_DLL) {
    const thunk = image.is64 ? r.u64(at, 'import thunk') : r.u32(at, 'import thunk');
    if (thunk === 0) break;
    const byOrdinal = image.is64 ? thunk >= 2 ** 63 : thunk >= 2 ** 31;
    if (byOrdinal) names.push(`#${thunk % 0x10000}`);
    else {
      const hintAt = rvaToOffset(image, thunk % 2 ** 31);
      names.push(hintAt === undefined ? '?' : r.cString(hintAt + 2, 256, 'import name'));
    }
    at += width;
  }
  return names;
}

/**
 * A string value of the version resource (VS_VERSIONINFO), found by its UTF-16 key inside the
 * resource section: the key is followed by NUL padding to a 4-byte boundary, then the value.
 */
export function versionString(bytes: Buffer, image: PeImage, key: string): string | undefined {
  const [rva = 0, size = 0] = image.directories[DIRECTORY.resource] ?? [];
  const start = rva && size ? rvaToOffset(image, rva) : undefined;
  if (start === undefined) return undefined;
  const resources = bytes.subarray(start, Math.min(bytes.length, start + size));
  const needle = Buffer.from(`${key}\0`, 'utf16le');
  const found = resources.indexOf(needle);
  if (found < 0) return undefined;
  let at = found + needle.length;
  while (at + 1 < resources.length && resources.readUInt16LE(at) === 0 && at % 4 !== 0) at += 2;
  if (at + 1 >= resources.length) return undefined;
  return new ByteReader(resources).utf16z(at, 260, key) || undefined;
}
