import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import type { LwEvent } from '../model/event.js';
import { sharedData } from '../testing/data.js';
import { importIntel } from './import.js';
import { IntelSources } from './lookup.js';
import { IntelStore } from './store.js';

function mailEvent(attachment: string): LwEvent {
  return {
    '@timestamp': '2026-01-01T00:00:00Z',
    event: { kind: 'event', category: ['email'], type: ['info'], dataset: 'email' },
    lurewatch: { id: 'e1', format: 'eml', source: 'email', input: 'x.eml', location: '' },
    email: {
      from: { address: 'someone@example.org' },
      attachments: [{ file: { name: attachment } }],
    },
    original: {},
  };
}

test('importing the corpus twice changes nothing; tags and attribution survive', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-intel-'));
  try {
    const sources = [sharedData('intel', 'misp'), sharedData('intel', 'stix', 'examples')];
    const store = new IntelStore(home);
    const first = await importIntel(sources, store, silentLogger);
    const before = store.stats();
    const second = await importIntel(sources, store, silentLogger);
    const after = store.stats();
    assert.ok(first.added > 500, `${first.added} added`);
    assert.equal(second.added, 0);
    assert.deepEqual(after.byType, before.byType);
    assert.equal(after.attributed, before.attributed);
    assert.equal(after.patterns.unusable.length, 0);
    const domains = store
      .search('.', { partial: true, limit: 10_000 })
      .filter((i) => i.source === 'misp:5a3c2fcd-8328-42bb-a95e-4f4402de0b81');
    assert.ok(domains.length > 0);
    assert.ok(domains.every((d) => d.attribution.some((a) => a.name === 'Sofacy')));
    assert.ok(domains.every((d) => d.tags.includes('tlp:white')));
    store.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('an attachment named like the STIX attachment pattern is found, another is not', async () => {
  const store = new IntelStore();
  await importIntel(
    [sharedData('intel', 'stix', 'examples', 'malicious-email-indicator-with-attachment.json')],
    store,
    silentLogger,
  );
  const lookup = new IntelSources([store]);
  const hits = lookup.match(mailEvent('Final Report Q3.exe'));
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.type, 'stix-pattern');
  assert.equal(hits[0]!.ref, 'indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933');
  assert.match(hits[0]!.observed, /Final Report Q3\.exe/);
  assert.deepEqual(lookup.match(mailEvent('Final Report Q3.pdf')), []);
  store.close();
});

test('search finds a value in any case; sightings count incidents once each', () => {
  const store = new IntelStore();
  store.upsert([
    { type: 'domain', value: 'bad.example', source: 's1', tags: ['a'], attribution: [] },
    {
      type: 'domain',
      value: 'bad.example',
      source: 's2',
      tags: [],
      attribution: [{ kind: 'campaign', name: 'Panda' }],
      firstSeen: '2024-01-02T00:00:00Z',
    },
  ]);
  store.upsert([
    {
      type: 'domain',
      value: 'bad.example',
      source: 's2',
      tags: ['b'],
      attribution: [{ kind: 'campaign', name: 'panda' }],
      firstSeen: '2024-01-01T00:00:00Z',
    },
  ]);
  const found = store.search('BAD.example');
  assert.deepEqual(
    found.map((i) => `${i.source} ${i.attribution.length} ${i.tags.join('+')} ${i.firstSeen}`),
    ['s1 0 a undefined', 's2 1 b 2024-01-01T00:00:00Z'],
  );
  const seen = (incidentId: string) => ({
    type: 'domain' as const,
    value: 'bad.example',
    incidentId,
    at: '2026-01-01T00:00:00Z',
    observed: 'domain bad.example',
  });
  store.recordSightings([seen('lw-1'), seen('lw-2'), seen('lw-1')]);
  assert.deepEqual(
    store.sightingsOf('domain', 'bad.example').map((s) => s.incidentId),
    ['lw-1', 'lw-2'],
  );
  assert.equal(store.stats().sightings, 1);
  store.close();
});

test('a MISP email-subject attribute finds the message with that subject', async () => {
  const store = new IntelStore();
  await importIntel([sharedData('intel', 'misp', 'long_event.json')], store, silentLogger);
  const lookup = new IntelSources([store]);
  const lure = mailEvent('brochure.txt');
  lure.email!.subject = '[BULK] TIBET, OUR BELOVED NATION AND WILL NEVER FORGET IT.';
  const hits = lookup.match(lure).filter((m) => m.type === 'stix-pattern');
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.source, 'misp:57153590-f73c-49fa-be4b-4737950d210f');
  lure.email!.subject = 'TIBET';
  assert.deepEqual(
    lookup.match(lure).filter((m) => m.type === 'stix-pattern'),
    [],
  );
  store.close();
});
