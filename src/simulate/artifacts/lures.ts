/**
 * The files the simulated lures carry. Each looks like its real counterpart to the tools that
 * sniff file types (magic bytes, container structure, names) and none can run: the "program"
 * is a PE header over plain text, the scripts are comments, the macro project is a stand-in.
 */
import { createHash } from 'node:crypto';
import type { Rng } from '../prng.js';
import { buildIso } from './iso9660.js';
import { buildZip } from './zip.js';

export interface Hashes {
  md5: string;
  sha1: string;
  sha256: string;
  size: number;
}

export function hashesOf(data: Buffer): Hashes {
  const digest = (algorithm: string): string => createHash(algorithm).update(data).digest('hex');
  return { md5: digest('md5'), sha1: digest('sha1'), sha256: digest('sha256'), size: data.length };
}

const INERT =
  'Lurewatch simulated lure. This file stands in for a malicious attachment: it is plain ' +
  'text behind a file header and does nothing when opened.\r\n';

/** `MZ`, `e_lfanew` at 0x3c pointing at `PE\0\0` and an i386 machine field, then text. */
export function peBlob(label: string, rng: Rng): Buffer {
  const dos = Buffer.alloc(0x40);
  dos.write('MZ', 0, 'ascii');
  dos.writeUInt32LE(0x40, 0x3c);
  const pe = Buffer.alloc(8);
  pe.write('PE\0\0', 0, 'latin1');
  pe.writeUInt16LE(0x14c, 4);
  const text = Buffer.from(`${INERT}${label}\r\n`, 'utf8');
  return Buffer.concat([dos, pe, text, Buffer.from(rng.hex(64), 'ascii')]);
}

export function inertScript(kind: 'js' | 'bat' | 'hta' | 'vbs', label: string): Buffer {
  const comment = { js: '//', bat: 'rem', hta: '<!--', vbs: "'" }[kind];
  const close = kind === 'hta' ? ' -->' : '';
  return Buffer.from(`${comment} ${INERT.trim()} ${label}${close}\r\n`, 'utf8');
}

/**
 * A shell link (MS-SHLLINK 2.1): header with HasRelativePath, HasArguments and IsUnicode, and
 * the two counted strings; no ID list or link info, which Windows accepts.
 */
export function shortcut(relativePath: string, args: string): Buffer {
  const header = Buffer.alloc(76);
  header.writeUInt32LE(0x4c, 0);
  Buffer.from('0114020000000000c000000000000046', 'hex').copy(header, 4);
  header.writeUInt32LE(0x08 | 0x20 | 0x80, 20);
  header.writeUInt32LE(1, 60);
  const counted = (text: string): Buffer => {
    const body = Buffer.from(text, 'utf16le');
    const size = Buffer.alloc(2);
    size.writeUInt16LE(text.length, 0);
    return Buffer.concat([size, body]);
  };
  return Buffer.concat([header, counted(relativePath), counted(args), Buffer.alloc(4)]);
}

/** An ISO holding a shortcut that runs a script, the script, and a decoy program. */
export function isoLure(volume: string, base: string, rng: Rng, ms: number): Buffer {
  const script = `${base}.JS`;
  return buildIso(
    volume,
    [
      { name: `${base}.LNK`, data: shortcut(`.\\${script}`, '') },
      { name: script, data: inertScript('js', volume) },
      { name: `${base}.EXE`, data: peBlob(volume, rng) },
    ],
    ms,
  );
}

/** An OOXML document whose package holds a VBA project stand-in, as a `.docm` or `.xlsm` does. */
export function macroDocument(kind: 'docm' | 'xlsm', label: string, ms: number): Buffer {
  const part = kind === 'docm' ? 'word' : 'xl';
  const main = kind === 'docm' ? 'document.xml' : 'workbook.xml';
  const contentType =
    kind === 'docm'
      ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
      : 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';
  const types =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/' +
    'package/2006/content-types"><Default Extension="bin" ContentType="application/' +
    `vnd.ms-office.vbaProject"/><Override PartName="/${part}/${main}" ContentType="` +
    `${contentType}"/></Types>`;
  // The OLE compound-file magic, then text: it reads as a VBA project to a type sniffer only.
  const vba = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from(INERT + label)]);
  return buildZip(
    [
      { name: '[Content_Types].xml', data: Buffer.from(types) },
      { name: `${part}/${main}`, data: Buffer.from(`<?xml version="1.0"?><!-- ${label} -->`) },
      { name: `${part}/vbaProject.bin`, data: vba },
    ],
    { time: ms },
  );
}

/** A page that assembles a file from base64 in the browser and offers it as a download. */
export function smugglingPage(fileName: string, payload: Buffer): Buffer {
  const blob = payload.toString('base64');
  return Buffer.from(
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Secure document</title></head>' +
      '<body><p>Your document is loading...</p><script>\n' +
      `var d = "${blob}";\n` +
      'var b = new Blob([Uint8Array.from(atob(d), function (c) { return c.charCodeAt(0); })]);\n' +
      'var a = document.createElement("a"); a.href = URL.createObjectURL(b);\n' +
      `a.download = "${fileName}";\n` +
      'document.body.appendChild(a); a.click();\n</script></body></html>\n',
    'utf8',
  );
}

/**
 * A OneNote section stand-in: the revision-store file-format GUID that opens every `.one`, then
 * an embedded-file block under the FileDataStoreObject GUID, holding the inert script.
 */
export function oneNoteLure(embeddedName: string, embedded: Buffer): Buffer {
  const guid = (text: string): Buffer => {
    const h = text.replace(/-/g, '');
    const b = Buffer.from(h, 'hex');
    // GUIDs are stored with their first three groups little-endian.
    return Buffer.concat([
      Buffer.from(b.subarray(0, 4)).reverse(),
      Buffer.from(b.subarray(4, 6)).reverse(),
      Buffer.from(b.subarray(6, 8)).reverse(),
      b.subarray(8),
    ]);
  };
  const header = Buffer.alloc(1024);
  guid('7b5c52e4-d88c-4da7-aeb1-5378d02996d3').copy(header, 0);
  guid('109add3f-911b-49f5-a5d0-1791edc8aed8').copy(header, 16);
  const size = Buffer.alloc(12);
  size.writeUInt32LE(embedded.length, 0);
  return Buffer.concat([
    header,
    guid('bde316e7-2665-4511-a4c4-8d4d0b7a9eac'),
    size,
    embedded,
    Buffer.from(`\0${embeddedName}\0`, 'utf16le'),
  ]);
}
