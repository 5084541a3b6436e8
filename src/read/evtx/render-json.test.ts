import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonRenderer } from './render-json.js';
import type { BinValue } from './values.js';

const str = (value: string): BinValue => ({ type: 0x01, value });
const u32 = (value: number): BinValue => ({ type: 0x08, value });
const NULL: BinValue = { type: 0x00, value: null };

/** A tiny builder: [name, attrs, ...children] with strings and BinValues as text. */
type Spec = [string, Record<string, BinValue>, ...(Spec | BinValue)[]];

function render(...specs: Spec[]): unknown {
  const out = new JsonRenderer();
  const emit = ([name, attrs, ...children]: Spec): void => {
    out.open(
      name,
      Object.entries(attrs).map(([n, value]) => ({ name: n, value })),
    );
    for (const child of children) {
      if (Array.isArray(child)) emit(child);
      else out.text(child);
    }
    out.close();
  };
  specs.forEach(emit);
  return out.result();
}

test('elements with only text become values; attributes go under #attributes', () => {
  const got = render([
    'Event',
    { xmlns: str('http://schemas.microsoft.com/win/2004/08/events/event') },
    ['System', {}, ['EventID', {}, u32(4624)], ['Correlation', {}]],
    ['TimeCreated', { SystemTime: str('2016-07-08T18:12:51.681640Z') }],
  ]);
  assert.deepEqual(got, {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: { EventID: 4624, Correlation: null },
      TimeCreated: { '#attributes': { SystemTime: '2016-07-08T18:12:51.681640Z' } },
    },
  });
});

test('Data elements are keyed by their Name; trailing spaces of such text are dropped', () => {
  const got = render([
    'EventData',
    {},
    ['Data', { Name: str('LogonProcessName') }, str('Advapi  ')],
    ['Data', { Name: str('KeyLength') }, u32(0)],
    ['Data', { Name: str('Empty') }],
  ]);
  assert.deepEqual(got, { EventData: { LogonProcessName: 'Advapi', KeyLength: 0, Empty: null } });
});

test('Data without a Name collects text under #text, keeping trailing spaces', () => {
  assert.deepEqual(render(['EventData', {}, ['Data', {}, str('Windows: ')]]), {
    EventData: { Data: { '#text': 'Windows: ' } },
  });
  assert.deepEqual(
    render([
      'EventData',
      {},
      ['Data', {}, str('a')],
      ['Data', {}, str('')],
      ['Data', {}, str('c')],
    ]),
    { EventData: { Data: { '#text': ['a', '', 'c'] } } },
  );
  assert.deepEqual(render(['EventData', {}, ['Data', {}, NULL]]), {
    EventData: { Data: { '#text': null } },
  });
});

test('repeated elements move the earlier ones aside as Name_1, Name_2', () => {
  const cert = (n: string): Spec => ['Certificate', { fileRef: str(n) }];
  const got = render(['Chain', {}, cert('a'), cert('b'), cert('c')]);
  assert.deepEqual(got, {
    Chain: {
      Certificate_1: { '#attributes': { fileRef: 'a' } },
      Certificate_2: { '#attributes': { fileRef: 'b' } },
      Certificate: { '#attributes': { fileRef: 'c' } },
    },
  });
});

test('null attributes are dropped, and an element left without any is null', () => {
  assert.deepEqual(render(['System', {}, ['Security', { UserID: NULL }]]), {
    System: { Security: null },
  });
});

test('a key named __proto__ stays plain data', () => {
  const got = render(['EventData', {}, ['Data', { Name: str('__proto__') }, str('x')]]) as {
    EventData: object;
  };
  assert.equal(Object.getPrototypeOf(got.EventData), Object.prototype);
  assert.equal(JSON.stringify(got), '{"EventData":{"__proto__":"x"}}');
});
