import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeBytes, defaultOptions } from '../index.js';

/** A RAR 4 archive with one file header (RAR technote: marker, archive and file blocks). */
function rar4(name: string, encrypted: boolean): Buffer {
  const marker = Buffer.from('526172211a0700', 'hex');
  const main = Buffer.from('cf907300000d00000000000000', 'hex');
  const nameBytes = Buffer.from(name, 'latin1');
  const file = Buffer.alloc(32 + nameBytes.length);
  file[2] = 0x74;
  file.writeUInt16LE(0x8000 | (encrypted ? 0x04 : 0), 3);
  file.writeUInt16LE(file.length, 5);
  file.writeUInt32LE(3, 7); // packed size
  file.writeUInt32LE(3, 11); // unpacked size
  file[25] = 0x30; // stored
  file.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(file, 32);
  const end = Buffer.from('c43d7b00400700', 'hex');
  return Buffer.concat([marker, main, file, Buffer.from('abc'), end]);
}

describe('listed archives', () => {
  it('lists a RAR member and flags a runnable name and encryption', async () => {
    const [file] = (
      await analyzeBytes(rar4('scan_0042.pdf.scr', true), 'scan.rar', defaultOptions())
    ).files;
    assert.equal(file?.detectedType, 'rar');
    assert.deepEqual(file?.details?.['members'], ['scan_0042.pdf.scr (3)']);
    const ids = file?.findings.map((f) => f.id) ?? [];
    assert.ok(ids.includes('container-delivers-executable'));
    assert.ok(ids.includes('archive-encrypted'));
  });

  it('calls a PE under a document name a disguised executable', async () => {
    const pe = Buffer.alloc(512);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0x14c, 0x84);
    pe.writeUInt16LE(0xe0, 0x94);
    pe.writeUInt16LE(0x10b, 0x98);
    const [file] = (await analyzeBytes(pe, 'invoice.pdf', defaultOptions(), 'application/pdf'))
      .files;
    assert.equal(file?.detectedType, 'pe');
    const ids = file?.findings.map((f) => f.id) ?? [];
    assert.ok(ids.includes('type-executable-disguised'));
    assert.ok(ids.includes('type-declared-mismatch'));
  });
});
