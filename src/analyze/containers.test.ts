import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../testing/temp.js';
import { buildZip } from '../testing/zip-builder.js';
import { extractor } from './extract.js';
import { analyzeBytes, analyzeMessage, defaultOptions, DEFAULT_ANALYZE_LIMITS } from './index.js';
import type { FileReport } from './types.js';

const ids = (file: FileReport | undefined) => file?.findings.map((f) => f.id) ?? [];

describe('containers', () => {
  it('stops a zip bomb at the ratio cap without unpacking it', async () => {
    const bomb = buildZip([{ name: 'zeros.bin', content: Buffer.alloc(64 * 1024 * 1024) }]);
    assert.ok(bomb.length < 200_000);
    const started = process.memoryUsage().rss;
    const item = await analyzeBytes(bomb, 'bomb.zip', defaultOptions());
    const [zip] = item.files;
    assert.ok(ids(zip).includes('cap-ratio'));
    assert.equal(zip?.children.length, 0);
    assert.ok(item.findings.some((f) => f.id === 'cap-ratio'));
    assert.ok(process.memoryUsage().rss - started < 48 * 1024 * 1024);
  });

  it('stops nesting at the depth cap and says so', async () => {
    let nested: Buffer = Buffer.from('payload');
    for (let i = 0; i < 12; i++) nested = buildZip([{ name: `level${i}.zip`, content: nested }]);
    const item = await analyzeBytes(nested, 'deep.zip', defaultOptions());
    let depth = 0;
    let file = item.files[0];
    while (file?.children[0]) {
      file = file.children[0];
      depth += 1;
    }
    assert.equal(depth, DEFAULT_ANALYZE_LIMITS.maxDepth);
    assert.ok(ids(file).includes('cap-depth'));
    assert.ok(item.findings.some((f) => f.id === 'cap-depth'));
  });

  it('stops at the file-count cap', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      name: `f${i}.txt`,
      content: Buffer.from(`${i}`),
    }));
    const limits = { ...DEFAULT_ANALYZE_LIMITS, maxFiles: 10 };
    const item = await analyzeBytes(buildZip(entries), 'many.zip', defaultOptions({ limits }));
    assert.equal(item.files[0]?.children.length, 9);
    assert.ok(item.findings.some((f) => f.id === 'cap-count'));
  });

  it('stops at the total-size cap', async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({
      name: `r${i}.bin`,
      content: Buffer.alloc(1000, i),
      stored: true,
    }));
    const limits = { ...DEFAULT_ANALYZE_LIMITS, maxTotalBytes: 2500 };
    const item = await analyzeBytes(buildZip(entries), 'big.zip', defaultOptions({ limits }));
    assert.equal(item.files[0]?.children.length, 2);
    assert.ok(item.findings.some((f) => f.id === 'cap-total-size'));
  });

  it('reports a traversal name and refuses to extract it outside the folder', async (t) => {
    const zip = buildZip([
      { name: '../../x', content: Buffer.from('escape') },
      { name: 'docs/readme.txt', content: Buffer.from('fine') },
    ]);
    const root = await tempDir(t, 'extract');
    const out = join(root, 'out');
    const item = await analyzeBytes(zip, 'evil.zip', defaultOptions({ onFile: extractor(out) }));
    const [archive] = item.files;
    assert.ok(ids(archive).includes('archive-path-traversal'));
    const escaped = archive?.children.find((c) => c.name === '../../x');
    assert.ok(ids(escaped).includes('extract-refused'));
    assert.deepEqual((await readdir(root)).sort(), ['out']);
    const written = await stat(join(out, 'evil.zip', 'docs', 'readme.txt.bin'));
    assert.equal(written.mode & 0o777, 0o600);
  });

  it('notes encrypted entries and a password given in the message', async () => {
    const zip = buildZip([
      { name: 'invoice.exe', content: Buffer.from('x'), stored: true, encrypted: true },
    ]);
    const item = await analyzeBytes(zip, 'invoice.zip', defaultOptions());
    assert.ok(ids(item.files[0]).includes('zip-encrypted'));
    assert.ok(!ids(item.files[0]).includes('zip-password-hint'));
  });

  it('pairs an encrypted archive with the password given in the message body', async () => {
    const zip = buildZip([
      { name: 'scan.js', content: Buffer.from('x'), stored: true, encrypted: true },
    ]);
    const mail = [
      'From: a@example.net',
      'Subject: scan',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Documento anexo. Senha: 4471',
      '--b',
      'Content-Type: application/zip; name="scan.zip"',
      'Content-Transfer-Encoding: base64',
      '',
      zip.toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const item = await analyzeMessage(Buffer.from(mail), 'scan.eml', defaultOptions());
    const hint = item.files[0]?.findings.find((f) => f.id === 'zip-password-hint');
    assert.equal(hint?.severity, 'high');
    assert.match(hint?.summary ?? '', /Senha: 4471/);
  });

  it('opens a zip with junk bytes before it', async () => {
    const zip = Buffer.concat([
      Buffer.from('MZjunk!'),
      buildZip([{ name: 'a.js', content: Buffer.from('eval(1)') }]),
    ]);
    const item = await analyzeBytes(zip, 'a.zip', defaultOptions());
    const [archive] = item.files;
    assert.ok(ids(archive).includes('zip-junk-bytes'));
    assert.equal(archive?.children[0]?.name, 'a.js');
    assert.ok(ids(archive).includes('container-delivers-executable'));
  });

  it('reads members from local headers when the central directory is cut off', async () => {
    const zip = buildZip([
      { name: 'a.txt', content: Buffer.from('first') },
      { name: 'b.vbs', content: Buffer.from('CreateObject("WScript.Shell")'), stored: true },
    ]);
    const cut = zip.subarray(0, zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1')) - 40);
    const [archive] = (await analyzeBytes(Buffer.from(cut), 'cut.zip', defaultOptions())).files;
    assert.ok(ids(archive).includes('zip-directory-damaged'));
    assert.deepEqual(
      archive?.children.map((c) => [c.name, c.size]),
      [
        ['a.txt', 5],
        ['b.vbs', 29],
      ],
    );
  });

  it('unpacks gzip under its stored name', async () => {
    const item = await analyzeBytes(gzipSync(Buffer.from('hello')), 'x.gz', defaultOptions());
    assert.equal(item.files[0]?.children[0]?.size, 5);
    assert.equal(item.files[0]?.children[0]?.name, 'x');
  });
});
