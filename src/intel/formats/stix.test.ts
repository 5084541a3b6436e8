import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { stixFormat } from './stix.js';

function parse(...parts: string[]) {
  const name = sharedData('intel', ...parts);
  return stixFormat.parse({ name, text: readFileSync(name, 'utf8') });
}

test('the attachment-name pattern is kept as a pattern, the subject one too', () => {
  const result = parse('stix', 'examples', 'malicious-email-indicator-with-attachment.json');
  assert.equal(result.problems.length, 0);
  const patterns = result.indicators.filter((i) => i.type === 'stix-pattern');
  assert.equal(patterns.length, 2);
  assert.ok(patterns.some((p) => p.value.includes("body_raw_ref.name MATCHES '^Final Report")));
  assert.equal(result.collections[0]!.skipped['attack-pattern'], 1);
});

test('equality patterns become plain values with their relationships as attribution', () => {
  const result = parse('stix', 'examples', 'threat-reports', 'poisonivy.json');
  assert.equal(result.problems.length, 0);
  const names = new Set(result.indicators.flatMap((i) => i.attribution.map((a) => a.name)));
  for (const campaign of ['admin@338', 'th3bug', 'menuPass']) assert.ok(names.has(campaign));
  assert.ok(
    result.indicators.every(
      (i) => i.source === 'stix:bundle--ac946f1d-6a0e-4a9d-bc83-3f1f3bfda6ba',
    ),
  );
  const c2 = parse('stix', 'examples', 'indicator-for-c2-ip-address.json');
  assert.deepEqual(
    c2.indicators.map((i) => `${i.type} ${i.value}`),
    ['ip 10.0.0.0'],
  );
});

test('OR patterns give every value; networks stay patterns', () => {
  const ivy = parse('stix', 'examples', 'threat-reports', 'poisonivy.json');
  const ivyValues = ivy.indicators.map((i) => `${i.type} ${i.value}`);
  assert.ok(ivyValues.includes('domain www.webserver.dynssl.com'));
  assert.ok(ivyValues.includes('ip 202.65.222.45'));
  const result = parse('stix', 'examples', 'threat-reports', 'apt1.json');
  const values = result.indicators.map((i) => `${i.type} ${i.value}`);
  assert.ok(values.includes("stix-pattern [ipv4-addr:value = '223.166.0.0/15']"));
  const hugesoft = result.indicators.filter((i) => i.value === 'hugesoft.org');
  assert.ok(
    hugesoft.some((i) => i.attribution.length > 0),
    'indicates a threat actor',
  );
});

test('the official T1204.002 attack-pattern object is recognised', () => {
  const result = parse(
    'mitre-attack',
    'enterprise-attack',
    'attack-pattern',
    'attack-pattern--232b7f21-adf9-4b42-b936-b9d6f7df856e.json',
  );
  assert.deepEqual(result.collections[0]!.techniques, ['T1204.002 Malicious File']);
  assert.equal(result.indicators.length, 0);
});

test('a bad pattern is a problem at its object, the rest imports', () => {
  const bundle = {
    type: 'bundle',
    id: 'bundle--x',
    objects: [
      { type: 'indicator', id: 'indicator--1', pattern_type: 'stix', pattern: "[file:name = 'a" },
      {
        type: 'indicator',
        id: 'indicator--2',
        pattern_type: 'stix',
        pattern: "[url:value = 'http://E.example/x']",
      },
      {
        type: 'indicator',
        id: 'indicator--3',
        pattern_type: 'stix',
        pattern: "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']",
      },
      { type: 'indicator', id: 'indicator--4', pattern_type: 'yara', pattern: 'rule x {}' },
      {
        type: 'indicator',
        id: 'indicator--5',
        pattern_type: 'stix',
        pattern: "[domain-name:value = 'withdrawn.example']",
        revoked: true,
      },
    ],
  };
  const result = stixFormat.parse({ name: 'b.json', text: JSON.stringify(bundle) });
  assert.deepEqual(
    result.problems.map((p) => `${p.code} ${p.location}`),
    ['bad-record object 1 (indicator--1)', 'unsupported-pattern object 3 (indicator--3)'],
  );
  assert.deepEqual(
    result.indicators.map((i) => `${i.type} ${i.value}`),
    ['url http://e.example/x', "stix-pattern [file:name = 'a'] FOLLOWEDBY [file:name = 'b']"],
  );
  assert.equal(result.collections[0]!.skipped['pattern_type yara'], 1);
  assert.equal(result.collections[0]!.skipped['revoked indicator'], 1);
});
