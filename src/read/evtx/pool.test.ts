import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, fileSource, readAll } from './testing.js';

const SAMPLES = ['security.evtx', 'sample_with_a_bad_chunk_magic.evtx'];

test('worker threads yield the same records and problems, in file order', async () => {
  for (const sample of SAMPLES) {
    const path = sharedData('evtx', 'parser-samples', sample);
    const single = await readAll(fileSource(path), { workers: 0 });
    const pooled = await readAll(fileSource(path), { workers: 2 });
    assert.ok(single.records.length > 250);
    assert.deepEqual(pooled.records, single.records);
    assert.deepEqual(pooled.problems, single.problems);
  }
});

test('a stream without a path reads the same as the file', async () => {
  const path = sharedData('evtx', 'parser-samples', 'sample_with_a_bad_chunk_magic.evtx');
  const fromFile = await readAll(fileSource(path));
  // Odd piece sizes put chunk boundaries inside pieces.
  const fromStream = await readAll(bufferSource(path, readFileSync(path), 12_345));
  assert.deepEqual(fromStream, fromFile);
});

test('records carry their chunk, record id and file offset', async () => {
  const path = sharedData('evtx', 'parser-samples', 'security.evtx');
  const { records } = await readAll(fileSource(path));
  const bytes = readFileSync(path);
  for (const r of records.slice(0, 50)) {
    assert.equal(bytes.readUInt32LE(r.offset), 0x2a2a);
    assert.equal(Number(bytes.readBigUInt64LE(r.offset + 8)), r.recordId);
    assert.equal(Math.floor((r.offset - 4096) / 65536), r.chunk);
  }
});

test('a consumer that stops early leaves no worker or file behind', async () => {
  const { readEvtx } = await import('./index.js');
  const path = sharedData('evtx', 'parser-samples', 'security.evtx');
  let seen = 0;
  for await (const item of readEvtx(fileSource(path), { workers: 2 })) {
    if (item.kind === 'record') seen++;
    if (seen === 10) break;
  }
  assert.equal(seen, 10);
});

test('a missing file is one unreadable-input problem', async () => {
  const { problems, records } = await readAll(fileSource('/nonexistent/x.evtx'), { workers: 2 });
  assert.equal(records.length, 0);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['unreadable-input'],
  );
});
