import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildCfb } from '../testing/cfb-builder.js';
import { sharedData } from '../testing/data.js';
import { buildZip } from '../testing/zip-builder.js';
import { analyzeBytes, defaultOptions } from './index.js';

/** Deterministic pseudo-random bytes, so that a failure can be replayed. */
function* mutations(seed: number, bytes: Buffer, count: number): Generator<Buffer> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < count; i++) {
    const copy = Buffer.from(bytes.subarray(0, 1 + (next() % bytes.length)));
    for (let j = 0; j < 8; j++) copy[next() % copy.length] = next() % 256;
    yield copy;
  }
}

describe('hostile input', () => {
  it('turns damaged files of every kind into findings, never a crash', async () => {
    const mail = await simpleParser(
      readFileSync(sharedData('email', 'phishing_pot', 'email', 'sample-1266.eml')),
    );
    const specimens: Array<[string, Buffer]> = [
      ['a.iso', mail.attachments[0]!.content],
      ['a.zip', buildZip([{ name: 'x.txt', content: Buffer.from('hello world') }])],
      ['a.doc', buildCfb([{ path: 'Macros/VBA/dir', content: Buffer.from([1, 2, 0xb0, 0]) }])],
      ['a.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /JS (x) >> stream\nabc\nendstream endobj')],
      ['a.rtf', Buffer.from('{\\rtf1{\\object\\objdata 0105000002000000080000005061636b616765}}')],
    ];
    let runs = 0;
    for (const [name, bytes] of specimens) {
      for (const mutated of mutations(name.length * 7919, bytes, 40)) {
        const item = await analyzeBytes(mutated, name, defaultOptions());
        assert.equal(item.files.length, 1);
        runs += 1;
      }
    }
    assert.equal(runs, 200);
  });
});

describe('pattern cost', () => {
  it('reads pathological HTML in linear time', async () => {
    // Runs of base64 just short of the payload threshold, and unclosed tags and attributes.
    const runs = `${'A'.repeat(4095)}!`.repeat(512);
    const tags = '<form action="'.repeat(20_000) + '<input type="password'.repeat(20_000);
    const started = Date.now();
    const item = await analyzeBytes(
      Buffer.from(`<html>${runs}${tags}`),
      'x.html',
      defaultOptions(),
    );
    assert.equal(item.files[0]?.detectedType, 'html');
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  });
});
