import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { pathText } from './ast.js';
import { compileObservationPattern, type ObservedObject } from './evaluate.js';
import { PatternSyntaxError, parsePattern } from './parser.js';

function patternsIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const json = JSON.parse(readFileSync(join(entry.parentPath, entry.name), 'utf8')) as {
      objects?: Array<{ pattern?: string }>;
    };
    for (const o of json.objects ?? []) if (o.pattern) out.push(o.pattern);
  }
  return out;
}

function objects(...list: Array<[string, Record<string, string[]>]>): ObservedObject[] {
  return list.map(([type, props]) => ({ type, props: new Map(Object.entries(props)) }));
}

function matcher(pattern: string) {
  const compiled = compileObservationPattern(parsePattern(pattern));
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.reason);
  return compiled.matches;
}

test('every pattern of the STIX example bundles parses', () => {
  const patterns = patternsIn(sharedData('intel', 'stix', 'examples'));
  assert.ok(patterns.length >= 40, `${patterns.length} patterns`);
  for (const p of patterns) assert.doesNotThrow(() => parsePattern(p), p);
});

test('the tree keeps operators, quoted hash names and list steps', () => {
  const tree = parsePattern(
    "[file:hashes.'SHA-256' = 'AB' OR email-message:body_multipart[*].body_raw_ref.name " +
      "NOT MATCHES '^x'] WITHIN 300 SECONDS",
  );
  assert.equal(tree.kind, 'qualified');
  if (tree.kind !== 'qualified' || tree.inner.kind !== 'observation') return;
  assert.deepEqual(tree.qualifier, { kind: 'within', seconds: 300 });
  const c = tree.inner.comparison;
  assert.equal(c.kind, 'or');
  if (c.kind !== 'or' || c.left.kind !== 'test' || c.right.kind !== 'test') return;
  assert.equal(pathText(c.left.path), "file:hashes.'SHA-256'");
  assert.equal(pathText(c.right.path), 'email-message:body_multipart[*].body_raw_ref.name');
  assert.equal(c.right.operator, 'MATCHES');
  assert.equal(c.right.negated, true);
});

test('syntax errors name the offset of the bad token', () => {
  const cases: Array<[string, number]> = [
    ["[file:name = 'a'", 16],
    ["[file:name == 'a']", 12],
    ["[file:name = 'a] ", 13],
    ["[file:name = 'a'] AND", 21],
  ];
  for (const [pattern, at] of cases) {
    assert.throws(
      () => parsePattern(pattern),
      (e: unknown) => e instanceof PatternSyntaxError && e.at === at,
      pattern,
    );
  }
  assert.throws(() => parsePattern(`${'('.repeat(200)}[a:b = 1]${')'.repeat(200)}`), /deeper/);
});

test('the attachment-name pattern matches a name of that shape only', () => {
  const bundle = sharedData(
    'intel',
    'stix',
    'examples',
    'malicious-email-indicator-with-attachment.json',
  );
  const pattern = patternsIn(join(bundle, '..')).find((p) => p.includes('body_raw_ref.name'))!;
  const matches = matcher(pattern);
  const email = (name: string) =>
    objects(['email-message', { 'body_multipart[*].body_raw_ref.name': [name] }]);
  assert.ok(matches(email('Final Report 2017.exe')));
  assert.equal(matches(email('Final Report.pdf')), undefined);
  assert.equal(matches(email('Final Report.exe')), undefined, '.+ needs one character');
});

test('MATCHES runs in linear time on a pattern that backtracks catastrophically elsewhere', () => {
  const matches = matcher("[file:name MATCHES '^(a+)+$']");
  const start = process.hrtime.bigint();
  const hostile = `${'a'.repeat(50_000)}!`;
  assert.equal(matches(objects(['file', { name: [hostile] }])), undefined);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 2000, `took ${ms} ms`);
});

test('networks, LIKE, IN and AND inside one observation', () => {
  const net = matcher("[ipv4-addr:value = '223.166.0.0/15']");
  assert.ok(net(objects(['ipv4-addr', { value: ['223.167.20.1'] }])));
  assert.equal(net(objects(['ipv4-addr', { value: ['223.168.0.1'] }])), undefined);
  const like = matcher("[file:name LIKE 'invoice%.exe']");
  assert.ok(like(objects(['file', { name: ['invoice_2024.exe'] }])));
  assert.equal(like(objects(['file', { name: ['invoice.pdf'] }])), undefined);
  const set = matcher("[domain-name:value IN ('a.example', 'b.example')]");
  assert.ok(set(objects(['domain-name', { value: ['B.example'] }])));
  const both = matcher("[file:name = 'x.exe' AND file:hashes.MD5 = 'AA']");
  assert.ok(both(objects(['file', { name: ['x.exe'], 'hashes.md5': ['aa'] }])));
  assert.equal(both(objects(['file', { name: ['x.exe'] }])), undefined);
});

test('patterns that need several observations are refused by name', () => {
  for (const [pattern, word] of [
    ["[file:name = 'a'] AND [file:name = 'b']", 'AND'],
    ["[file:name = 'a'] FOLLOWEDBY [file:name = 'b']", 'FOLLOWEDBY'],
    ["[file:name = 'a'] REPEATS 2 TIMES", 'repeats'],
  ] as const) {
    const compiled = compileObservationPattern(parsePattern(pattern));
    assert.equal(compiled.ok, false);
    assert.match(compiled.ok ? '' : compiled.reason, new RegExp(word));
  }
});
