import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferSource } from '../testing/read.js';
import { csvRecords, csvRows, parseCsvRecord, type CsvItem } from './csv-records.js';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('csv: quoted commas, doubled quotes and line breaks inside a field', async () => {
  const text = 'a,b,c\r\n1,"x, ""y""",3\n2,"line one\nline two",4\n';
  const items = await all(csvRecords(bufferSource('t.csv', text, 5).chunks(), 1024));
  assert.deepEqual(items, [
    { kind: 'record', fields: ['a', 'b', 'c'], line: 1 },
    { kind: 'record', fields: ['1', 'x, "y"', '3'], line: 2 },
    { kind: 'record', fields: ['2', 'line one\nline two', '4'], line: 3 },
  ]);
});

test('csv: a short row and an unclosed quote are counted, later rows still read', async () => {
  const text = 'a,b\n1,2\n3\n"open,4\n';
  const items = await all(csvRows(bufferSource('t.csv', text).chunks(), 1024));
  assert.deepEqual(
    items.map((i) => (i.kind === 'row' ? JSON.stringify(i.row) : `${i.line} ${i.code}`)),
    ['{"a":"1","b":"2"}', '3 bad-record', '4 bad-record'],
  );
});

test('csv: an unclosed quote stops at the record cap, then reading resumes', async () => {
  const text = `a\n"${'x\n'.repeat(100)}`;
  const items: CsvItem[] = await all(csvRecords(bufferSource('t.csv', text).chunks(), 64));
  const errors = items.filter((i) => i.kind === 'error');
  assert.deepEqual(
    errors.map((i) => (i.kind === 'error' ? `${i.line} ${i.code}` : '')),
    ['2 record-too-large'],
  );
  // The open quote costs the lines up to the cap, not the rest of the file.
  assert.ok(items.filter((i) => i.kind === 'record').length > 60);
  assert.equal(typeof parseCsvRecord('"a"b'), 'string');
});
