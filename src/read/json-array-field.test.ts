import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LurewatchError } from '../core/problems.js';
import { renderJson } from '../report/json.js';
import { sampleReport } from '../testing/incident-report.js';
import { jsonArrayField } from './json-array-field.js';

async function* chunked(text: string, size: number): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(text: string, size = 1 << 16, max = 1 << 20) {
  const rest: Record<string, unknown> = {};
  const found = { array: false };
  const items: unknown[] = [];
  const source = chunked(text, size);
  const options = { name: 'doc.json', maxValueBytes: max, rest, found };
  for await (const item of jsonArrayField(source, 'incidents', options)) items.push(item);
  return { items, rest, found: found.array };
}

test('incidents.json read in pieces of any size gives back every incident and member', async () => {
  const text = renderJson(sampleReport());
  const whole = JSON.parse(text) as Record<string, unknown>;
  const { incidents, ...others } = whole;
  for (const size of [1, 2, 3, 7, 64, 4096]) {
    const got = await read(text, size);
    assert.deepEqual(got.items, incidents, `pieces of ${size} bytes`);
    assert.deepEqual(got.rest, others);
    assert.equal(got.found, true);
  }
});

test('braces and quotes in strings, or a nested "incidents", do not confuse it', async () => {
  const doc = {
    note: 'a } and a ] and "quoted" \\ and {"incidents": [1]}',
    nested: { incidents: [{ not: 'these' }], list: [[1, 2], { a: '[' }] },
    incidents: [{ id: 'a', text: '}]},{' }, { id: 'b', deep: { x: [{ y: '"' }] } }, {}],
    after: null,
    n: -1.5e3,
  };
  for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 3)]) {
    for (const size of [1, 5, 1000]) {
      const got = await read(text, size);
      assert.deepEqual(got.items, doc.incidents);
      assert.deepEqual(got.rest, { note: doc.note, nested: doc.nested, after: null, n: -1500 });
    }
  }
});

test('a document without the list says so; a malformed one fails with input and line', async () => {
  assert.equal((await read('{"incidents": []}')).found, true);
  assert.equal((await read('{"other": 1}')).found, false);
  assert.equal((await read('{"incidents": 5}')).found, false);

  const failures: Array<[string, RegExp]> = [
    ['{"incidents": [{"id": 1}', /ends early/],
    ['{"incidents": [1, 2]}', /other than objects/],
    ['[1, 2]', /not a JSON object/],
    ['{"a": 1}\n{"b": 2}', /line 2.*after the end/],
    ['{"a": tru}', /JSON/],
    [`{"incidents": [{"x": "${'y'.repeat(200)}"}]}`, /larger than 100 bytes/],
  ];
  for (const [text, pattern] of failures) {
    await assert.rejects(
      read(text, 3, 100),
      (error: unknown) =>
        error instanceof LurewatchError &&
        error.problem.input === 'doc.json' &&
        error.problem.code === 'bad-record' &&
        pattern.test(`${error.problem.location} ${error.problem.message}`),
      text,
    );
  }
});
