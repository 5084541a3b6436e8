/**
 * What a file really is, from its bytes. `file-type` knows several hundred binary formats;
 * the formats that matter for mail-borne lures and that it does not know (ISO 9660 images,
 * OneNote sections, HTML, messages, scripts, zips with junk before them) are recognised here
 * first. The result is a short kind key that selects an analyzer from the registry.
 */
import { fileTypeFromBuffer } from 'file-type';
import { hasUdf } from './kinds/udf.js';

export interface Detected {
  /** Registry key: `pe`, `zip`, `ooxml`, `ole2`, `html`, `script`, `text`, `binary`... */
  kind: string;
  /** The most specific MIME type known for the content. */
  mime: string;
  /** The extension usual for the content, when one is known. */
  ext?: string;
}

const ONENOTE_GUID = Buffer.from('e4525c7b8cd8a74daeb15378d02996d3', 'hex');
const RPMSG_MAGIC = Buffer.from('76e80460c411e386', 'hex');
const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');
// ISO 9660 puts its volume descriptors from sector 16 on, each tagged `CD001`.
const ISO_TAG_OFFSETS = [0x8001, 0x8801, 0x9001];
export const SCRIPT_EXTENSIONS = new Set([
  'js',
  'jse',
  'vbs',
  'vbe',
  'ps1',
  'psm1',
  'hta',
  'bat',
  'cmd',
]);
const MESSAGE_HEADER =
  /^(?:received|from|subject|message-id|mime-version|return-path|delivered-to|x-[\w-]{1,64}):/im;
const SCRIPT_EXTENSIONS_XML = new Set(['wsf', 'wsh', 'sct']);

// file-type's extension decides the kind of these; everything else it names is opaque data.
const KIND_BY_FILETYPE: Record<string, string> = {
  exe: 'pe',
  zip: 'zip',
  jar: 'zip',
  apk: 'zip',
  cfb: 'ole2',
  rtf: 'rtf',
  pdf: 'pdf',
  gz: 'gzip',
  '7z': '7z',
  rar: 'rar',
  lnk: 'lnk',
  elf: 'elf',
  macho: 'macho',
};
const OOXML = new Set(
  'docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm potx potm ppsx ppsm vsdx'.split(' '),
);

export async function detectType(bytes: Buffer, name: string): Promise<Detected> {
  if (bytes.length === 0) return { kind: 'empty', mime: 'application/x-empty' };
  const own = detectOwn(bytes);
  if (own) return own;

  const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
  // file-type calls anything starting with `MZ` an executable; lures start with `MZ` too.
  // XML is a family: SVG and XHTML in it run script, so the text rules below decide.
  if (found && found.ext !== 'xml' && (found.ext !== 'exe' || hasPeSignature(bytes))) {
    const kind = OOXML.has(found.ext) ? 'ooxml' : (KIND_BY_FILETYPE[found.ext] ?? found.ext);
    return { kind, mime: found.mime, ext: found.ext };
  }
  if (zipWithPrefix(bytes)) return { kind: 'zip', mime: 'application/zip', ext: 'zip' };
  return detectText(bytes, extensionOf(name));
}

function detectOwn(bytes: Buffer): Detected | undefined {
  if (bytes.subarray(0, 16).equals(ONENOTE_GUID)) {
    return { kind: 'onenote', mime: 'application/onenote', ext: 'one' };
  }
  for (const offset of ISO_TAG_OFFSETS) {
    if (bytes.toString('latin1', offset, offset + 5) === 'CD001') {
      return { kind: 'iso', mime: 'application/x-iso9660-image', ext: 'iso' };
    }
  }
  if (hasUdf(bytes)) return { kind: 'iso', mime: 'application/x-udf-image', ext: 'iso' };
  if (bytes.subarray(0, 8).equals(RPMSG_MAGIC)) {
    return { kind: 'rpmsg', mime: 'application/x-microsoft-rpmsg-message', ext: 'rpmsg' };
  }
  // DER SEQUENCE whose content type is PKCS #7 signedData (1.2.840.113549.1.7.2).
  if (bytes[0] === 0x30 && bytes.subarray(0, 24).includes(SIGNED_DATA_OID)) {
    return { kind: 'pkcs7', mime: 'application/pkcs7-mime', ext: 'p7m' };
  }
  // Readers accept a PDF header anywhere in the first KiB, so lures put junk before it.
  const pdfAt = bytes.subarray(0, 1024).indexOf('%PDF-');
  if (pdfAt > 0) return { kind: 'pdf', mime: 'application/pdf', ext: 'pdf' };
  return undefined;
}

function hasPeSignature(bytes: Buffer): boolean {
  if (bytes.length < 0x40) return false;
  const at = bytes.readUInt32LE(0x3c);
  return at + 4 <= bytes.length && bytes.readUInt32LE(at) === 0x00004550;
}

/** A zip whose end record is intact but whose start is preceded by other bytes. */
function zipWithPrefix(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  return tail.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1')) >= 0 && bytes.includes('PK\x03\x04');
}

function detectText(bytes: Buffer, ext: string): Detected {
  const head = bytes.subarray(0, 4096);
  if (!looksLikeText(head)) return { kind: 'data', mime: 'application/octet-stream' };
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const trimmed = text.trimStart().slice(0, 1024).toLowerCase();

  if (ext === 'hta' || SCRIPT_EXTENSIONS.has(ext) || SCRIPT_EXTENSIONS_XML.has(ext)) {
    return { kind: 'script', mime: 'text/plain', ext };
  }
  if (/^(?:[\w-]{1,64}:[^\n]*\r?\n){2}/.test(text) && MESSAGE_HEADER.test(text.slice(0, 2048))) {
    return { kind: 'eml', mime: 'message/rfc822', ext: 'eml' };
  }
  // SVG pictures run script when opened in a browser, which is where mail clients open them.
  if (/<svg[\s>]/.test(trimmed)) return { kind: 'svg', mime: 'image/svg+xml', ext: 'svg' };
  if (/<!doctype html|<html|<head|<body|<script|<form|<meta|<iframe|<div|<table/.test(trimmed)) {
    return { kind: 'html', mime: 'text/html', ext: 'html' };
  }
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<')) {
    return { kind: 'xml', mime: 'text/xml', ext: 'xml' };
  }
  return { kind: 'text', mime: 'text/plain', ext: 'txt' };
}

/** No NUL and few control bytes in the sample; UTF-16 text counts as binary here. */
function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control <= head.length / 100;
}

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}
