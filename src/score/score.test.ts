import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Truth, TruthEntry } from '../simulate/truth.js';
import { renderScore } from './markdown.js';
import { score, type ScoredIncident } from './score.js';

function entry(id: string, variant: string, extra: Partial<TruthEntry> = {}): TruthEntry {
  return {
    id,
    variant,
    malicious: true,
    host: `WS-${id}.fabrikam.example`,
    user: `FABRIKAM\\u${id}`,
    file: `C:\\Users\\u${id}\\Downloads\\lure${id}.exe`,
    paths: [`C:\\Users\\u${id}\\Downloads\\lure${id}.exe`],
    delivery: 'email',
    executed: true,
    beaconed: true,
    expected: 'escalate',
    time: '2026-11-16T09:00:00.000Z',
    events: [],
    ...extra,
  };
}

function incident(e: TruthEntry, verdict: ScoredIncident['verdict']): ScoredIncident {
  // Sources name hosts differently: the short upper-case name must still match the FQDN.
  return {
    id: `lw-${e.id}`,
    verdict,
    host: e.host.split('.')[0] ?? '',
    file: { path: e.file.toUpperCase() },
  };
}

const entries = [
  entry('1', 'double-extension-exe'),
  entry('2', 'double-extension-exe'),
  entry('3', 'blocked-lure', { beaconed: false, expected: 'review' }),
  entry('4', 'campaign', { executed: false, expected: 'no-escalation' }),
  entry('5', 'lookalike-vendor-installer', { malicious: false, expected: 'no-escalation' }),
];
const truth: Truth = {
  schemaVersion: 1,
  seed: 't',
  users: 5,
  days: 1,
  start: '2026-11-16',
  clockSkewMs: {},
  dropRate: 0,
  counts: {},
  events: 2_000_000,
  entries,
};
const [one, two, blocked, , lookalike] = entries as [
  TruthEntry,
  TruthEntry,
  TruthEntry,
  TruthEntry,
  TruthEntry,
];

test('recall counts executed lures with the verdict they deserve; precision counts escalations', () => {
  const s = score(truth, {
    incidents: [
      incident(one, 'escalate'),
      incident(two, 'review'),
      incident(blocked, 'review'),
      incident(lookalike, 'escalate'),
      { id: 'lw-x', verdict: 'escalate', host: 'WS-9', file: { path: 'C:\\x.exe' } },
    ],
  });
  // Executed malicious: 1, 2 and 3; 2 was only reviewed, so 2 of 3 found.
  assert.equal(s.recall, 2 / 3);
  assert.equal(s.byVariant['double-extension-exe']?.recall, 0.5);
  assert.deepEqual(s.byVariant['double-extension-exe']?.missed, ['2']);
  assert.equal(s.byVariant['blocked-lure']?.recall, 1);
  // The campaign recipient who never opened the lure is not counted either way.
  assert.equal(s.byVariant['campaign']?.recall, null);
  assert.equal(s.byVariant['campaign']?.executed, 0);
  // Three escalations, one true: the look-alike and the unknown file are false.
  assert.equal(s.escalations, 3);
  assert.equal(s.falseEscalations, 2);
  assert.equal(s.precision, 1 / 3);
  assert.equal(s.byVariant['lookalike-vendor-installer']?.falseEscalations, 1);
  assert.equal(s.falseEscalationsPerMillionEvents, 1);
});

test('nothing escalated scores precision 1 and recall 0 for lures that needed escalation', () => {
  const s = score(
    truth,
    { incidents: [], stats: { events: 10 } },
    { elapsedMs: 2000, peakRssMb: 80 },
  );
  assert.equal(s.recall, 0);
  assert.equal(s.precision, 1);
  assert.equal(s.eventsPerSecond, 5);
  const table = renderScore(s);
  assert.match(table, /\| double-extension-exe \| malicious \| 2 \| 2 \| 0 \| 0\.0% \|/);
  assert.match(table, /Peak memory \(RSS\): 80 MB/);
});
