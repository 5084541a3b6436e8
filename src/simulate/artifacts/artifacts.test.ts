import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import yauzl from 'yauzl';
import { Rng } from '../prng.js';
import { isoLure, macroDocument, peBlob, shortcut } from './lures.js';
import { buildZip, crc32 } from './zip.js';

const T = Date.parse('2026-11-16T09:00:00Z');

function toolPresent(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function withFile<T>(name: string, data: Buffer, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'lw-artifact-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, data);
    return use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ZipListing {
  name: string;
  encrypted: boolean;
  size: number;
  crc: number;
}

function listZip(data: Buffer): Promise<ZipListing[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const out: ZipListing[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        const encrypted = entry.isEncrypted();
        out.push({
          name: entry.fileName,
          encrypted,
          size: entry.uncompressedSize,
          crc: entry.crc32,
        });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test('crc32 matches the published check value of "123456789"', () => {
  assert.equal(crc32(Buffer.from('123456789')).toString(16), 'cbf43926');
});

test('a macro document is a zip that yauzl lists, with its VBA project part', async () => {
  const entries = await listZip(macroDocument('docm', 'Remittance_1.docm', T));
  assert.deepEqual(
    entries.map((e) => e.name),
    ['[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin'],
  );
  assert.ok(entries.every((e) => !e.encrypted));
});

test('a password-protected zip is marked encrypted and opens with its password in unzip', async (t) => {
  const member = peBlob('Payment_1.exe', new Rng('zip'));
  const data = buildZip([{ name: 'Payment_1.exe', data: member }], {
    time: T,
    password: '4471',
    rng: new Rng('zip-header'),
  });
  const [entry] = await listZip(data);
  assert.equal(entry?.name, 'Payment_1.exe');
  assert.equal(entry?.encrypted, true);
  assert.equal(entry?.size, member.length);
  if (!toolPresent('unzip')) return t.skip('unzip is not installed');
  withFile('lure.zip', data, (path) => {
    const plain = execFileSync('unzip', ['-P', '4471', '-p', path]);
    assert.deepEqual(plain, member);
    assert.throws(() => execFileSync('unzip', ['-P', 'wrong', '-p', path], { stdio: 'pipe' }));
  });
});

test('an ISO lure is an ISO 9660 image holding the shortcut, the script and the program', (t) => {
  const iso = isoLure('STATEMENT_7', 'STATEMENT_7', new Rng('iso'), T);
  assert.equal(iso.length % 2048, 0);
  assert.equal(iso.subarray(16 * 2048 + 1, 16 * 2048 + 6).toString('ascii'), 'CD001');
  const text = iso.toString('latin1');
  for (const name of ['STATEMENT_7.LNK;1', 'STATEMENT_7.JS;1', 'STATEMENT_7.EXE;1']) {
    assert.ok(text.includes(name), name);
  }
  if (!toolPresent('file')) return t.skip('file(1) is not installed');
  withFile('lure.iso', iso, (path) => {
    const described = execFileSync('file', ['-b', path]).toString();
    assert.match(described, /ISO 9660 CD-ROM filesystem data 'STATEMENT_7'/);
  });
});

test('the shortcut is a shell link that file(1) recognises', (t) => {
  const lnk = shortcut('.\\STATEMENT_7.JS', '');
  assert.equal(lnk.readUInt32LE(0), 0x4c);
  if (!toolPresent('file')) return t.skip('file(1) is not installed');
  withFile('x.lnk', lnk, (path) => {
    assert.match(execFileSync('file', ['-b', path]).toString(), /MS Windows shortcut/);
  });
});

test('the program stand-in starts like a PE file and says it is inert', () => {
  const blob = peBlob('Invoice_1.pdf.exe', new Rng('pe'));
  assert.equal(blob.subarray(0, 2).toString('latin1'), 'MZ');
  const peAt = blob.readUInt32LE(0x3c);
  assert.equal(blob.subarray(peAt, peAt + 4).toString('latin1'), 'PE\0\0');
  assert.match(blob.toString('latin1'), /does nothing when opened/);
});
