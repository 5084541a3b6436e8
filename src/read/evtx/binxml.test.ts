import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readChunk, type ChunkItem } from './chunk.js';
import { ChunkWriter, u32le, utf16z } from './specimen.js';

const records = (items: ChunkItem[]) => items.filter((i) => i.kind === 'record');
const problems = (items: ChunkItem[]) => items.filter((i) => i.kind === 'problem');

/** <Event><System><EventID>%0</EventID></System><EventData><Data Name="User">%1</Data>
 *  <Data Name="Note">%2?</Data></EventData></Event>, with %2 optional and declared null. */
function eventTemplate(w: ChunkWriter): void {
  w.open('Event').closeStart();
  w.open('System').closeStart().open('EventID').closeStart().subst(0, 0x08).end().end();
  w.open('EventData').closeStart();
  w.open('Data', true).attr('Name').text('User').closeStart().subst(1, 0x01).end();
  w.open('Data', true).attr('Name').text('Note').closeStart().subst(2, 0x00, true).end();
  w.end().end();
}

test('a template is defined inline once and reused by offset, names likewise', () => {
  const w = new ChunkWriter();
  let def = { offset: 0 };
  w.record(1, () => {
    def = w.defineTemplate(eventTemplate);
    w.values([
      [0x08, u32le(4688)],
      [0x01, utf16z('alice')],
      [0x01, utf16z('ignored')],
    ]);
  });
  w.record(2, () => {
    w.useTemplate(def.offset).values([
      [0x08, u32le(1)],
      [0x01, utf16z('bob')],
      [0x00, Buffer.alloc(0)],
    ]);
  });
  const items = readChunk(w.chunk(), 0, 4096, 'json');
  assert.deepEqual(problems(items), []);
  assert.deepEqual(
    records(items).map((r) => r.value),
    [
      { Event: { System: { EventID: 4688 }, EventData: { User: 'alice', Note: null } } },
      { Event: { System: { EventID: 1 }, EventData: { User: 'bob', Note: null } } },
    ],
  );
  // The second record starts where the first one's size says it ends.
  const chunk = w.chunk();
  assert.deepEqual(
    records(items).map((r) => [r.recordId, r.offset]),
    [
      [1, 4096 + 512],
      [2, 4096 + 512 + chunk.readUInt32LE(512 + 4)],
    ],
  );
});

test('entity references join the text around them, after the reference trims the first', () => {
  const w = new ChunkWriter();
  w.record(7, () => {
    w.defineTemplate((t) => {
      t.open('Msg').closeStart().text('a ').entity('amp').text(' b').end();
    });
    w.values([]);
  });
  const [record] = records(readChunk(w.chunk(), 0, 4096, 'json'));
  assert.deepEqual(record?.value, { Msg: 'a& b' });
});

test('a record expanding without bound is refused, and the chunk reads on', () => {
  const w = new ChunkWriter();
  let def = { offset: 0 };
  w.record(1, () => {
    def = w.defineTemplate((t) => {
      t.open('Wide').closeStart();
      for (let i = 0; i < 400; i++) t.open('Leaf').closeEmpty();
      t.end();
    });
    w.values([]);
  });
  // Each instance costs 13 bytes and expands to 400 elements.
  w.record(2, () => {
    for (let i = 0; i < 1000; i++) w.useTemplate(def.offset).values([]);
  });
  w.record(3, () => w.useTemplate(def.offset).values([]));
  const started = Date.now();
  const items = readChunk(w.chunk(), 0, 4096, 'json');
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(
    records(items).map((r) => r.recordId),
    [1, 3],
  );
  assert.match(problems(items)[0]?.message ?? '', /at most 200000 nodes/);
});

test('a template that refers to itself is an error, not a loop', () => {
  const w = new ChunkWriter();
  w.record(1, () => {
    // The definition's body instantiates the definition being defined.
    const at = w.pos + 10;
    w.defineTemplate((t) => {
      t.useTemplate(at).values([]);
    });
    w.values([]);
  });
  const items = readChunk(w.chunk(), 0, 4096, 'json');
  assert.equal(records(items).length, 0);
  assert.match(
    problems(items)[0]?.message ?? '',
    /template definition: expected no self reference/,
  );
});

test('records written after the chunk header was last updated are read, and reported', () => {
  const w = new ChunkWriter();
  let def = { offset: 0 };
  w.record(10, () => {
    def = w.defineTemplate((t) => t.open('N').closeStart().subst(0, 0x08).end());
    w.values([[0x08, u32le(10)]]);
  });
  for (const id of [11, 12, 13])
    w.record(id, () => w.useTemplate(def.offset).values([[0x08, u32le(id)]]));
  // A stale record of an earlier generation must not be taken for a following one.
  w.record(3, () => w.useTemplate(def.offset).values([[0x08, u32le(3)]]));
  const items = readChunk(w.chunk(2), 0, 4096, 'json');
  assert.deepEqual(
    records(items).map((r) => r.value),
    [{ N: 10 }, { N: 11 }, { N: 12 }, { N: 13 }],
  );
  assert.deepEqual(
    problems(items).map((p) => p.message),
    ['2 records lie past the last one the chunk header records; read anyway'],
  );
});

test('a long literal repeated by many instances is refused before it is built', () => {
  const w = new ChunkWriter();
  let def = { offset: 0 };
  w.record(1, () => {
    def = w.defineTemplate((t) => t.open('T').closeStart().text('x'.repeat(10_000)).end());
    w.values([]);
  });
  // 2,000 instances of 13 bytes each would render 20 million characters.
  w.record(2, () => {
    for (let i = 0; i < 2000; i++) w.useTemplate(def.offset).values([]);
  });
  const items = readChunk(w.chunk(), 0, 4096, 'json');
  assert.deepEqual(
    records(items).map((r) => r.recordId),
    [1],
  );
  assert.match(
    problems(items)[0]?.message ?? '',
    /record text: expected at most 8388608 characters/,
  );
});
