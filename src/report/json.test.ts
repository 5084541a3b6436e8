import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncidentReport } from '../model/incident.js';
import { sampleReport } from '../testing/incident-report.js';
import { renderJson } from './json.js';

/** The same object with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversed(v)]));
}

test('incidents.json round-trips to the same report', () => {
  const report = sampleReport();
  const text = renderJson(report);
  assert.deepEqual(JSON.parse(text), report);
  assert.ok(text.endsWith('}\n'));
  assert.ok(text.includes('\n  "incidents": ['), 'pretty-printed with two-space indents');
});

test('schemaVersion comes first and keys follow the contract whatever the build order', () => {
  const report = sampleReport();
  const text = renderJson(report);
  assert.equal(renderJson(reversed(report) as IncidentReport), text);

  const parsed = JSON.parse(text) as IncidentReport;
  assert.deepEqual(Object.keys(parsed), ['schemaVersion', 'generatedAt', 'incidents', 'stats']);
  assert.equal(parsed.schemaVersion, 1);
  const incident = parsed.incidents[0];
  assert.ok(incident);
  assert.deepEqual(Object.keys(incident), [
    'id',
    'verdict',
    'severity',
    'host',
    'user',
    'firstSeen',
    'file',
    'delivery',
    'chain',
    'indicators',
    'questions',
    'escalation',
    'network',
    'checklist',
    'timeline',
  ]);
  assert.deepEqual(Object.keys(incident.chain[1] ?? {}), [
    'stage',
    'time',
    'source',
    'summary',
    'evidence',
    'joinedBy',
  ]);
  assert.deepEqual(Object.keys(incident.chain[0]?.evidence[0] ?? {}), [
    'id',
    'input',
    'location',
    'format',
    'time',
  ]);
});

test('fields added to the contract later are kept, after the known ones, sorted', () => {
  const report = sampleReport() as IncidentReport & Record<string, unknown>;
  report['zeta'] = 1;
  report['alpha'] = { b: 2, a: 1 };
  const parsed = JSON.parse(renderJson(report)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), [
    'schemaVersion',
    'generatedAt',
    'incidents',
    'stats',
    'alpha',
    'zeta',
  ]);
  assert.deepEqual(Object.keys(parsed['alpha'] as object), ['a', 'b']);
});

test('hostile values are kept whole in JSON: it is the record, not a rendering', () => {
  const report = sampleReport();
  const parsed = JSON.parse(renderJson(report)) as IncidentReport;
  assert.equal(parsed.incidents[1]?.file.name, '<img src=x onerror=alert(1)>.exe');
  assert.ok(parsed.incidents[1]?.questions[0]?.explanation.includes('\u202E'));
});

test('written in pieces, incidents.json is byte for byte the pretty-printed document', () => {
  const report = sampleReport();
  const text = renderJson(report);
  assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  const empty = renderJson({ ...report, incidents: [] });
  assert.equal(empty, `${JSON.stringify(JSON.parse(empty), null, 2)}\n`);
  assert.ok(empty.includes('"incidents": [],'));
});

test('incidents can come from any re-walkable list, not only an array', () => {
  const report = sampleReport();
  const list = {
    length: report.incidents.length,
    *[Symbol.iterator]() {
      yield* report.incidents;
    },
  };
  assert.equal(renderJson({ ...report, incidents: list }), renderJson(report));
});
