import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { mispFormat } from './misp.js';

function parse(file: string) {
  const name = sharedData('intel', 'misp', file);
  return mispFormat.parse({ name, text: readFileSync(name, 'utf8') });
}

// Attribute counts (event attributes plus object attributes), tags and galaxies as the MISP
// JSON files hold them, counted independently with a JSON tool.
const EVENTS = [
  { file: '57c4445b-c548-4654-af0b-4be3950d210f.json', records: 9, tags: 4, info: /Xorist/ },
  { file: 'existing_event.json', records: 9 + 113, tags: 18, info: /Sednit/ },
  { file: 'long_event.json', records: 370, tags: 2, info: /Four-Element Sword/ },
  { file: 'to_delete1.json', records: 75, tags: 4, info: /SunOrcal/ },
];

test('the four MISP events import with their attribute counts and tags', () => {
  for (const event of EVENTS) {
    const result = parse(event.file);
    assert.equal(result.problems.length, 0, event.file);
    const [collection] = result.collections;
    assert.ok(collection);
    assert.equal(collection.records, event.records, event.file);
    assert.equal(collection.tags.length, event.tags, event.file);
    assert.match(collection.title, event.info);
    const skipped = Object.values(collection.skipped).reduce((a, b) => a + b, 0);
    assert.ok(collection.indicators >= collection.records - skipped, event.file);
    assert.ok(collection.tags.includes('tlp:white'));
  }
});

test('galaxies become attribution on every indicator of the event', () => {
  const result = parse('existing_event.json');
  const names = result.collections[0]!.attribution;
  assert.ok(names.includes('threat-actor Sofacy'));
  for (const malware of ['X-Agent', 'CHOPSTICK', 'Downdelph', 'Sednit EK']) {
    assert.ok(names.includes(`malware ${malware}`), malware);
  }
  const domain = result.indicators.find((i) => i.type === 'domain');
  assert.ok(domain?.attribution.some((a) => a.kind === 'threat-actor' && a.name === 'Sofacy'));
  assert.equal(domain?.source, 'misp:5a3c2fcd-8328-42bb-a95e-4f4402de0b81');
});

test('composite attributes split; link, yara and regkey are counted as not matchable', () => {
  const result = parse('long_event.json');
  const c = result.collections[0]!;
  assert.equal(c.skipped['link'], 64);
  assert.equal(c.skipped['yara'], 1);
  assert.equal(c.skipped['email-subject'], undefined);
  // 46 filename|sha256 and 46 filename|md5 give a name and a hash each.
  const attachment = result.indicators.find(
    (i) => i.type === 'filename' && i.value === 'brochure .rar',
  );
  assert.ok(attachment, 'email-attachment names are file names');
  const subjects = result.indicators.filter((i) => i.type === 'stix-pattern');
  assert.equal(subjects.length, 2, 'the two email-subject attributes');
  assert.ok(subjects.every((i) => i.value.startsWith("[email-message:subject = '")));
  const sunorcal = parse('to_delete1.json').indicators.filter((i) => i.type === 'filename');
  assert.ok(
    sunorcal.some((i) => i.value === 'winhelp.dat'),
    'a path gives its base name',
  );
  const xorist = parse('57c4445b-c548-4654-af0b-4be3950d210f.json');
  assert.equal(xorist.collections[0]!.skipped['regkey|value'], 1);
});

test('a REST answer, a bare event and a broken document', () => {
  const bare = { uuid: 'u1', info: 'bare', Attribute: [{ type: 'ip-dst', value: '1.2.3.4' }] };
  const rest = mispFormat.parse({
    name: 'r.json',
    text: JSON.stringify({ response: [{ Event: bare }] }),
  });
  assert.deepEqual(
    rest.indicators.map((i) => `${i.type} ${i.value} ${i.source}`),
    ['ip 1.2.3.4 misp:u1'],
  );
  const broken = mispFormat.parse({ name: 'b.json', text: '{"Event": {' });
  assert.equal(broken.problems[0]?.code, 'bad-json');
});
