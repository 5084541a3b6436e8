import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleReport } from '../../testing/incident-report.js';
import { mispFormat } from '../formats/misp.js';
import { stixFormat } from '../formats/stix.js';
import { parsePattern } from '../stix-pattern/parser.js';
import { mispEvent } from './misp.js';
import { T1204_002_ID, stixBundle, type StixObject } from './stix.js';

const NOW = '2026-11-16T12:00:00.000Z';

/** Required properties by STIX 2.1 object type (part 4 to 6 of the specification). */
const REQUIRED: Record<string, string[]> = {
  identity: ['created', 'modified', 'name'],
  'attack-pattern': ['created', 'modified', 'name'],
  indicator: ['created', 'modified', 'pattern', 'pattern_type', 'valid_from'],
  'observed-data': [
    'created',
    'modified',
    'first_observed',
    'last_observed',
    'number_observed',
    'object_refs',
  ],
  sighting: ['created', 'modified', 'sighting_of_ref'],
  relationship: ['created', 'modified', 'relationship_type', 'source_ref', 'target_ref'],
  file: [],
  url: ['value'],
  'ipv4-addr': ['value'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  campaign: ['created', 'modified', 'name'],
  'threat-actor': ['created', 'modified', 'name'],
};

const ID =
  /^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The sample report with the escalated incident's hash found in intel tied to a campaign. */
function withIntel() {
  const report = sampleReport();
  const incident = report.incidents[0]!;
  incident.indicators.push({
    id: 'known-bad-indicator',
    summary: 'sha256 ... is a known-bad indicator',
    intel: [
      {
        type: 'sha256',
        value: incident.file.sha256!,
        source: 'misp:x',
        attribution: [
          { kind: 'campaign', name: 'Invoice Lures' },
          { kind: 'threat-actor', name: 'Stevie Spider' },
        ],
        observed: `sha256 ${incident.file.sha256}`,
      },
    ],
  });
  return report.incidents;
}

function refsOf(object: StixObject): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    if (key.endsWith('_ref') && typeof value === 'string') return [value];
    if (key.endsWith('_refs') && Array.isArray(value)) return value as string[];
    return [];
  });
}

test('the STIX bundle has every required property, valid ids and resolvable references', () => {
  const bundle = stixBundle(withIntel(), NOW);
  assert.match(bundle.id, ID);
  const ids = new Set(bundle.objects.map((o) => o.id));
  assert.equal(ids.size, bundle.objects.length, 'ids are unique');
  for (const object of bundle.objects) {
    const required = REQUIRED[object.type];
    assert.ok(required, `known type ${object.type}`);
    assert.equal(object['spec_version'], '2.1');
    assert.equal(ID.exec(object.id)?.[1], object.type, object.id);
    for (const key of required) assert.ok(object[key] !== undefined, `${object.type}.${key}`);
    for (const ref of refsOf(object)) assert.ok(ids.has(ref), `${object.id} -> ${ref}`);
    if (object.type === 'file') assert.ok(object['hashes'] || object['name']);
    if (object.type === 'indicator')
      assert.doesNotThrow(() => parsePattern(String(object['pattern'])));
  }
});

test('the escalated incident gives hash and C2 indicators, sighted and tied to T1204.002', () => {
  const bundle = stixBundle(sampleReport().incidents, NOW);
  const by = (type: string) => bundle.objects.filter((o) => o.type === type);
  const patterns = by('indicator').map((o) => `${o['pattern']} ${String(o['indicator_types'])}`);
  assert.ok(
    patterns.includes(
      "[file:hashes.'SHA-256' = " +
        "'2be435a49b9bf694db01e4292d8d126a0294ecaae37fb5cbb2936913d8516370'] malicious-activity",
    ),
  );
  assert.ok(patterns.includes("[ipv4-addr:value = '203.0.113.50'] malicious-activity"));
  assert.equal(by('sighting').length, by('indicator').length);
  const attack = by('attack-pattern');
  assert.equal(attack.length, 1);
  assert.equal(attack[0]!.id, T1204_002_ID);
  assert.ok(by('relationship').every((r) => r['target_ref'] === T1204_002_ID));
  assert.ok(by('email-addr').some((o) => o['value'] === 'billing@northwind-invoices.com'));
  // Same incidents, same time: the same document, so receivers update rather than duplicate.
  assert.deepEqual(stixBundle(sampleReport().incidents, NOW), bundle);
});

test('attribution from intel hits goes out as STIX objects and MISP galaxy tags', () => {
  const bundle = stixBundle(withIntel(), NOW);
  const campaign = bundle.objects.find((o) => o.type === 'campaign');
  assert.equal(campaign?.['name'], 'Invoice Lures');
  const indicates = bundle.objects.filter(
    (o) => o.type === 'relationship' && o['target_ref'] === campaign?.id,
  );
  assert.ok(indicates.length > 0);
  const back = stixFormat.parse({ name: 'b.json', text: JSON.stringify(bundle) });
  const hash = back.indicators.find((i) => i.type === 'sha256');
  assert.deepEqual(hash?.attribution.map((a) => `${a.kind} ${a.name}`).sort(), [
    'campaign Invoice Lures',
    'threat-actor Stevie Spider',
  ]);
  const event = mispEvent(withIntel(), new Date(NOW));
  const tags = event.Event.Tag.map((t) => t.name);
  assert.ok(tags.includes('misp-galaxy:threat-actor="Stevie Spider"'));
  const imported = mispFormat.parse({ name: 'e.json', text: JSON.stringify(event) });
  assert.ok(imported.collections[0]!.attribution.includes('threat-actor Stevie Spider'));
});

test('exports import back: the bundle with Lurewatch, the MISP event with its attributes', () => {
  const incidents = sampleReport().incidents;
  const stix = stixFormat.parse({
    name: 'b.json',
    text: JSON.stringify(stixBundle(incidents, NOW)),
  });
  assert.equal(stix.problems.length, 0);
  assert.deepEqual(stix.collections[0]!.techniques, ['T1204.002 Malicious File']);
  assert.ok(stix.indicators.some((i) => i.type === 'ip' && i.value === '203.0.113.50'));

  const event = mispEvent(incidents, new Date(NOW));
  for (const a of event.Event.Attribute) {
    for (const key of ['uuid', 'type', 'category', 'value'] as const) assert.ok(a[key], key);
  }
  assert.ok(event.Event.info && event.Event.date === '2026-11-16');
  const back = mispFormat.parse({ name: 'e.json', text: JSON.stringify(event) });
  assert.equal(back.problems.length, 0);
  const values = back.indicators.map((i) => `${i.type} ${i.value}`);
  assert.ok(
    values.includes('sha256 2be435a49b9bf694db01e4292d8d126a0294ecaae37fb5cbb2936913d8516370'),
  );
  assert.ok(values.includes('ip 203.0.113.50'));
  const escalated = event.Event.Attribute.filter((a) => a.to_ids).map((a) => a.comment);
  assert.ok(escalated.every((c) => c.includes(' escalate ')));
  assert.ok(
    event.Event.Attribute.some((a) => !a.to_ids),
    'the dismissed incident is not for IDS',
  );
});
