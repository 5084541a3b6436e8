/**
 * The OLE1 "Package" object (`\x01Ole10Native` streams, RTF `\objdata`): how a file of any
 * kind is embedded in a document to be double-clicked. Holds a label, the original path and
 * the file's bytes.
 */
import { ByteReader } from '../bytes.js';

export interface NativePackage {
  label: string;
  sourcePath: string;
  data: Buffer;
}

export function parseOle10Native(bytes: Buffer, hasSizePrefix = true): NativePackage {
  const r = new ByteReader(bytes);
  let at = hasSizePrefix ? 4 : 0;
  at += 2; // type: 2 for a packaged file
  const label = r.cString(at, 260, 'package label');
  at += label.length + 1;
  const sourcePath = r.cString(at, 1024, 'package source path');
  at += sourcePath.length + 1;
  at += 4; // two reserved words
  const tempLength = r.u32(at, 'package temp path length');
  at += 4 + tempLength;
  const size = r.u32(at, 'package data size');
  return { label, sourcePath, data: r.slice(at + 4, size, 'package data') };
}
