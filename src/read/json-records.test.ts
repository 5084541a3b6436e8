import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonRecords, type JsonRecordItem } from './json-records.js';

async function* chunksOf(...parts: string[]): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function all(source: AsyncIterable<Buffer>, max = 1000): Promise<JsonRecordItem[]> {
  const out: JsonRecordItem[] = [];
  for await (const item of jsonRecords(source, max)) out.push(item);
  return out;
}

test('reads pretty-printed objects split across chunks, with braces inside strings', async () => {
  const got = await all(chunksOf('{\n "a": "}{\\"",\n', ' "b": {"c": 1}\n}\n{"d"', ': 2}\n'));
  assert.deepEqual(got, [
    { kind: 'record', value: { a: '}{"', b: { c: 1 } }, line: 1 },
    { kind: 'record', value: { d: 2 }, line: 5 },
  ]);
});

test('looks into a top-level array', async () => {
  const got = await all(chunksOf('[{"a":1},\n{"a":2}]'));
  assert.deepEqual(
    got.map((item) => (item.kind === 'record' ? item.value : item)),
    [{ a: 1 }, { a: 2 }],
  );
});

test('a bad record is reported with its line and the next one still reads', async () => {
  const got = await all(chunksOf('{"a":1}\n{"a":tru}\nnot json\n{"a":3}\n'));
  assert.deepEqual(
    got.map((item) => (item.kind === 'record' ? item.value : [item.code, item.line])),
    [{ a: 1 }, ['bad-json', 2], ['bad-json', 3], { a: 3 }],
  );
});

test('an oversized record is skipped without being held, and a cut-off record is reported', async () => {
  const big = `{"x":"${'y'.repeat(5000)}"}`;
  const got = await all(chunksOf(big, '\n{"a":1}\n{"b":'), 100);
  assert.deepEqual(
    got.map((item) => (item.kind === 'record' ? item.value : [item.code, item.line])),
    [['record-too-large', 1], { a: 1 }, ['bad-json', 3]],
  );
});
