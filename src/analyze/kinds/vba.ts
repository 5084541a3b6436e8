/**
 * VBA projects (MS-OVBA): the `dir` stream lists the modules and where each one's compressed
 * source starts inside its stream; sources are decompressed (section 2.4.1) and scanned for
 * the entry points that run on open and the calls that reach outside Office.
 */
import { TextDecoder } from 'node:util';
import { anyWord, words } from '../patterns.js';
import type { CfbStream } from './cfb.js';

export interface VbaModule {
  name: string;
  stream: string;
  source: string;
}

// Module sources are rarely above 1 MiB; the cap bounds a decompression bomb in one chunk run.
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;
const MAX_MODULES = 1_000;

/** A byte buffer that grows by doubling up to a hard cap. */
class Output {
  private buffer: Buffer;
  length = 0;

  constructor(private readonly maxBytes: number) {
    this.buffer = Buffer.alloc(Math.min(4096, maxBytes));
  }

  push(byte: number): void {
    if (this.length === this.buffer.length) {
      if (this.length >= this.maxBytes) throw new Error(`larger than ${this.maxBytes} bytes`);
      const grown = Buffer.alloc(Math.min(this.maxBytes, this.buffer.length * 2));
      this.buffer.copy(grown);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }

  /** Copies `count` bytes from `offset` back; the ranges may overlap (runs of one byte). */
  copyBack(offset: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(this.buffer[this.length - offset]!);
  }

  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/** Decompresses an MS-OVBA CompressedContainer (section 2.4.1.3.1). */
export function decompressOvba(data: Buffer, maxBytes = MAX_SOURCE_BYTES): Buffer {
  if (data[0] !== 0x01) throw new Error('no VBA compressed container signature');
  const out = new Output(maxBytes);
  let at = 1;
  while (at + 2 <= data.length) {
    const header = data.readUInt16LE(at);
    const chunkEnd = Math.min(data.length, at + (header & 0x0fff) + 3);
    at += 2;
    const chunkStart = out.length;
    if ((header & 0x8000) === 0) {
      // A raw chunk: 4096 bytes stored as they are.
      for (let i = 0; i < 4096 && at < data.length; i++) out.push(data[at++]!);
      continue;
    }
    while (at < chunkEnd) {
      const flags = data[at++]!;
      for (let bit = 0; bit < 8 && at < chunkEnd; bit++) {
        if ((flags & (1 << bit)) === 0) {
          out.push(data[at++]!);
          continue;
        }
        if (at + 2 > chunkEnd) throw new Error('truncated copy token');
        const token = data.readUInt16LE(at);
        at += 2;
        // Offset and length share 16 bits; the split depends on how far into the chunk we are.
        const bitCount = Math.max(Math.ceil(Math.log2(out.length - chunkStart)), 4);
        const offset = (token >> (16 - bitCount)) + 1;
        if (offset > out.length - chunkStart) throw new Error('copy token points before its chunk');
        out.copyBack(offset, (token & (0xffff >> bitCount)) + 3);
      }
    }
  }
  return out.bytes();
}

interface DirModule {
  name?: string;
  stream?: string;
  offset?: number;
}

/** The modules of every VBA project found among a compound file's streams. */
export function extractVba(streams: CfbStream[]): VbaModule[] {
  const modules: VbaModule[] = [];
  const byPath = new Map(streams.map((s) => [s.path.toLowerCase(), s]));
  for (const dir of streams.filter((s) => /(?:^|\/)vba\/dir$/i.test(s.path))) {
    const storage = dir.path.slice(0, -'dir'.length);
    const { codePage, entries } = parseDir(decompressOvba(dir.read()));
    const decoder = textDecoder(codePage);
    for (const entry of entries.slice(0, MAX_MODULES)) {
      const stream = byPath.get(`${storage}${entry.stream ?? entry.name ?? ''}`.toLowerCase());
      if (!stream || entry.offset === undefined) continue;
      const source = decompressOvba(stream.read().subarray(entry.offset));
      modules.push({
        name: entry.name ?? entry.stream ?? '?',
        stream: stream.path,
        source: decoder.decode(source),
      });
    }
  }
  return modules;
}

/** Reads the records of a decompressed `dir` stream (section 2.3.4.2). */
function parseDir(dir: Buffer): { codePage: number; entries: DirModule[] } {
  const entries: DirModule[] = [];
  let codePage = 1252;
  let current: DirModule | undefined;
  let at = 0;
  while (at + 6 <= dir.length) {
    const id = dir.readUInt16LE(at);
    // PROJECTVERSION declares a size of 4 but carries 6 bytes after it.
    const size = id === 0x0009 ? 6 : dir.readUInt32LE(at + 2);
    const data = dir.subarray(at + 6, at + 6 + size);
    at += 6 + size;
    if (id === 0x0003 && data.length >= 2) codePage = data.readUInt16LE(0);
    else if (id === 0x0019) current = { name: data.toString('latin1') };
    else if (id === 0x001a && current) current.stream = data.toString('latin1');
    else if (id === 0x0031 && current && data.length >= 4) current.offset = data.readUInt32LE(0);
    else if (id === 0x002b && current) {
      entries.push(current);
      current = undefined;
    }
  }
  return { codePage, entries };
}

function textDecoder(codePage: number): TextDecoder {
  try {
    return new TextDecoder(codePage === 65001 ? 'utf-8' : `windows-${codePage}`);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

// Procedures Office runs without the user doing more than opening or closing the document.
const AUTO_RUN = anyWord(
  [
    ...words(`Auto_?Open AutoExec Auto_?Close AutoNew Document_Open Document_Close Document_New
      DocumentOpen Workbook_Open Workbook_Activate Workbook_BeforeClose Presentation_Open`),
    // ActiveX control events that fire as the document is drawn, without a click.
    ...words('Layout Painted Resize GotFocus').map((event) => String.raw`\w{1,64}_${event}`),
  ],
  'gi',
);
// Calls that leave Office: run programs, fetch files, write files, load code.
const SUSPICIOUS = anyWord(
  [
    ...words(String.raw`Shell(?:Execute)? WScript\.Shell CreateObject GetObject
      URLDownloadToFile\w? XMLHTTP WinHttp\.?Request ADODB\.Stream SaveToFile Powershell
      cmd\.exe mshta rundll32 regsvr32 certutil bitsadmin CallByName MacroOptions Environ Kill
      VirtualAlloc RtlMoveMemory CreateThread StrReverse ExecuteExcel4Macro`),
    String.raw`Open\s+\S{1,64}\s+For\s+(?:Binary|Output)`,
    String.raw`Declare\s+(?:PtrSafe\s+)?Function`,
    String.raw`Lib\s+"kernel32"`,
    String.raw`Chr[BW]?\$?\s*\(`,
  ],
  'gi',
);

export interface VbaIndicators {
  autoRun: string[];
  suspicious: string[];
}

export function vbaIndicators(source: string): VbaIndicators {
  const unique = (pattern: RegExp) =>
    [...new Set([...source.matchAll(pattern)].map((m) => m[0].replace(/\s+/g, ' ')))].slice(0, 30);
  return { autoRun: unique(AUTO_RUN), suspicious: unique(SUSPICIOUS) };
}
