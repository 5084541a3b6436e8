import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collect, peek, splitLines } from './chunks.js';

async function* chunksOf(...parts: string[]): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function lines(source: AsyncIterable<Buffer>, max: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of splitLines(source, max)) out.push(item);
  return out;
}

test('splitLines joins lines across chunks and drops CR', async () => {
  const got = await lines(chunksOf('ab', 'c\r\nde', 'f\n', 'g'), 100);
  assert.deepEqual(got, [
    { kind: 'line', text: 'abc', number: 1 },
    { kind: 'line', text: 'def', number: 2 },
    { kind: 'line', text: 'g', number: 3 },
  ]);
});

test('splitLines reports an over-long line once and keeps the lines around it', async () => {
  const got = await lines(chunksOf('ok\n', 'x'.repeat(30), 'y'.repeat(30), '\nnext\n'), 40);
  assert.deepEqual(got, [
    { kind: 'line', text: 'ok', number: 1 },
    { kind: 'too-long', number: 2, bytes: 60 },
    { kind: 'line', text: 'next', number: 3 },
  ]);
});

test('peek returns the head and replays the whole stream', async () => {
  const { head, all } = await peek(chunksOf('abc', 'def', 'ghi'), 4);
  assert.equal(head.toString(), 'abcd');
  assert.equal((await collect(all, 100))?.toString(), 'abcdefghi');
});

test('collect refuses a stream longer than its cap', async () => {
  assert.equal(await collect(chunksOf('abc', 'def'), 5), undefined);
});
