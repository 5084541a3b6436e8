import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SigmaEngine } from './engine.js';
import { flatEvent } from './event.js';
import { parseRuleText } from './loader.js';
import type { DetectionRule } from './model.js';

/** Loads one rule from YAML text, failing the test with the reason if it is rejected. */
function rule(detection: string, extra = ''): DetectionRule {
  const logsource = 'logsource:\n  product: windows\n  category: process_creation\n';
  const text = `title: t\nid: r1\n${logsource}${extra}detection:\n${detection}`;
  const result = parseRuleText(text, 'test.yml', {
    placeholders: new Map([['admins', ['alice', 'bob*']]]),
  });
  assert.deepEqual(result.rejected, []);
  return result.rules[0] as DetectionRule;
}

function sysmon1(fields: Record<string, unknown>): ReturnType<typeof flatEvent> {
  return flatEvent({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, ...fields });
}

function fires(r: DetectionRule, fields: Record<string, unknown>): boolean {
  return new SigmaEngine([r]).evaluate(sysmon1(fields)).length > 0;
}

test('values are case-insensitive, with * and ? wildcards and backslash escapes', () => {
  // In YAML: Image is C:\Windows\\*\CMD.exe (an escaped backslash, then a wildcard), and
  // CommandLine is a?c\* (a literal star).
  const r = rule(
    "  sel:\n    Image: 'C:\\Windows\\\\*\\CMD.exe'\n    CommandLine: 'a?c\\*'\n  condition: sel\n",
  );
  assert.equal(fires(r, { Image: 'c:\\windows\\system32\\cmd.EXE', CommandLine: 'ABC*' }), true);
  assert.equal(fires(r, { Image: 'c:\\windows\\system32\\cmd.EXE', CommandLine: 'abcd' }), false);
  assert.equal(fires(r, { Image: 'd:\\windows\\x\\cmd.exe', CommandLine: 'abc*' }), false);
});

test('maps are AND, lists are OR, null means absent and empty means empty', () => {
  const r = rule("  sel:\n    A: [x, y]\n    B: null\n    C: ''\n  condition: sel\n");
  assert.equal(fires(r, { A: 'y', C: '' }), true);
  assert.equal(fires(r, { A: 'y', B: 'set', C: '' }), false);
  assert.equal(fires(r, { A: 'z', C: '' }), false);
  assert.equal(fires(r, { A: 'x', C: 'not empty' }), false);
});

test('modifiers chain left to right', () => {
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['CommandLine|contains|all: [foo, bar]', { CommandLine: 'x bar foo' }, true],
    ['CommandLine|contains|all: [foo, bar]', { CommandLine: 'x foo' }, false],
    ['CommandLine|contains|windash: " -enc "', { CommandLine: 'ps \u2014enc x' }, true],
    ['CommandLine|contains|windash: " -enc "', { CommandLine: 'ps /enc x' }, true],
    ['CommandLine|re: "^a.*z$"', { CommandLine: 'abcz' }, true],
    ['CommandLine|re: "^A"', { CommandLine: 'abc' }, false],
    ['CommandLine|re|i: "^A"', { CommandLine: 'abc' }, true],
    // base64("ping") in each alignment inside a longer stream.
    ['CommandLine|base64offset|contains: ping', { CommandLine: 'xx cGluZw== yy' }, true],
    [
      'CommandLine|base64offset|contains: ping',
      { CommandLine: Buffer.from('a ping').toString('base64') },
      true,
    ],
    ['CommandLine|base64|contains: ping', { CommandLine: 'cGluZw==' }, true],
    [
      'CommandLine|wide|base64offset|contains: ping',
      { CommandLine: Buffer.from('ping', 'utf16le').toString('base64') },
      true,
    ],
    [
      'CommandLine|utf16be|base64: ab',
      { CommandLine: Buffer.from([0, 0x61, 0, 0x62]).toString('base64') },
      true,
    ],
    [
      'CommandLine|utf16|base64: ab',
      { CommandLine: Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0]).toString('base64') },
      true,
    ],
    ['DestinationIp|cidr: 10.0.0.0/8', { DestinationIp: '10.1.2.3' }, true],
    ['DestinationIp|cidr: 10.0.0.0/8', { DestinationIp: '11.1.2.3' }, false],
    ['DestinationIp|cidr: "fe80::/10"', { DestinationIp: 'fe80::1' }, true],
    ['DestinationIp|cidr: "fe80::/10"', { DestinationIp: 'fec0::1' }, false],
    ['Hashes|exists: true', { Hashes: 'x' }, true],
    ['Hashes|exists: false', { Hashes: 'x' }, false],
    ['Hashes|exists: false', {}, true],
    ['Image|cased: ABC', { Image: 'abc' }, false],
    ['Image|cased: ABC', { Image: 'ABC' }, true],
    ['User|expand: "%admins%"', { User: 'BOBBY' }, true],
    ['User|expand: "%admins%"', { User: 'carol' }, false],
    ['ParentImage|fieldref: Image', { Image: 'a.exe', ParentImage: 'A.EXE' }, true],
    ['ParentImage|fieldref|endswith: Image', { Image: 'a.exe', ParentImage: 'x\\a.exe' }, true],
    ['Size|gt: 10', { Size: '11' }, true],
    ['Size|lte: 10', { Size: 11 }, false],
    ['Image|neq: a.exe', { Image: 'b.exe' }, true],
    ['Image|neq: a.exe', { Image: 'A.exe' }, false],
    ['UtcTime|hour: 3', { UtcTime: '2024-05-01 03:10:00.000' }, true],
    ['UtcTime|month: 5', { UtcTime: '2024-05-01 03:10:00.000' }, true],
    ['UtcTime|year: 2023', { UtcTime: '2024-05-01 03:10:00.000' }, false],
  ];
  for (const [item, fields, expected] of cases) {
    assert.equal(fires(rule(`  sel:\n    ${item}\n  condition: sel\n`), fields), expected, item);
  }
});

test('unknown modifiers, placeholders and lookaround regexes reject the rule by name', () => {
  const reasons = ['Image|sortof: x', 'User|expand: "%nobody%"', 'Image|re: "a(?=b)"'].map(
    (item) => {
      const result = parseRuleText(
        `title: t\nlogsource:\n  category: x\ndetection:\n  sel:\n    ${item}\n  condition: sel\n`,
        'bad.yml',
      );
      assert.equal(result.rules.length, 0);
      assert.equal(result.rejected[0]?.line, 5, 'points at the search');
      return result.rejected[0]?.reason ?? '';
    },
  );
  assert.match(reasons[0] as string, /unknown modifier 'sortof'/);
  assert.match(reasons[1] as string, /unknown placeholder %nobody%/);
  assert.match(reasons[2] as string, /^sel: re:/);
});

test('condition precedence: not > and > or; 1 of, all of, them', () => {
  const searches = '  a:\n    A: 1\n  b:\n    B: 1\n  c:\n    C: 1\n  _x:\n    X: 1\n';
  const check = (condition: string, fields: Record<string, unknown>): boolean =>
    fires(rule(`${searches}  condition: ${condition}\n`), { A: 0, B: 0, C: 0, X: 0, ...fields });
  assert.equal(check('a or b and c', { A: 1 }), true);
  assert.equal(check('(a or b) and c', { A: 1 }), false);
  assert.equal(check('not a and b', { B: 1 }), true);
  assert.equal(check('not a and b', { A: 1, B: 1 }), false);
  assert.equal(check('1 of them', { C: 1 }), true);
  assert.equal(check('1 of them', { X: 1 }), false, 'them leaves out names starting with _');
  assert.equal(check('all of them', { A: 1, B: 1, C: 1 }), true);
  assert.equal(check('all of them', { A: 1, B: 1 }), false);
  assert.equal(check('all of _*', { X: 1 }), true);
});

test('keywords search every value of the event; |all needs each keyword somewhere', () => {
  const any = rule("  kw:\n    - mimikatz\n    - 'sekurlsa::'\n  condition: kw\n");
  assert.equal(fires(any, { CommandLine: 'run MIMIKATZ.exe' }), true);
  assert.equal(fires(any, { CommandLine: 'benign' }), false);
  const all = rule("  kw:\n    '|all':\n      - foo\n      - bar\n  condition: kw\n");
  assert.equal(fires(all, { A: 'foo', B: 'xbarx' }), true);
  assert.equal(fires(all, { A: 'foo' }), false);
});

test('a negated filter on a field the event lacks does not make the rule fire', () => {
  const r = rule(
    "  sel:\n    Image|endswith: '\\cmd.exe'\n" +
      "  filter:\n    ParentImage|endswith: '\\explorer.exe'\n" +
      '  condition: sel and not filter\n',
  );
  assert.equal(fires(r, { Image: 'c:\\cmd.exe', ParentImage: 'c:\\word.exe' }), true);
  assert.equal(fires(r, { Image: 'c:\\cmd.exe', ParentImage: 'c:\\explorer.exe' }), false);
  assert.equal(fires(r, { Image: 'c:\\cmd.exe' }), false, 'unknown filter: no alert');
  const explicit = rule(
    "  sel:\n    Image|endswith: '\\cmd.exe'\n  filter:\n    ParentImage: null\n" +
      '  condition: sel and not filter\n',
  );
  assert.equal(fires(explicit, { Image: 'c:\\cmd.exe', ParentImage: 'x' }), true);
  assert.equal(fires(explicit, { Image: 'c:\\cmd.exe' }), false);
});

test('Security 4688 reaches process_creation rules under Sysmon field names', () => {
  const r = rule(
    "  sel:\n    Image|endswith: '\\msedge.exe'\n    ParentImage|endswith: '\\cmd.exe'\n" +
      '  condition: sel\n',
  );
  const event = flatEvent({
    Channel: 'Security',
    EventID: 4688,
    NewProcessName: 'C:\\Program Files\\msedge.exe',
    ParentProcessName: 'C:\\Windows\\cmd.exe',
  });
  const [match] = new SigmaEngine([r]).evaluate(event);
  assert.deepEqual(match?.fields, {
    Image: 'C:\\Program Files\\msedge.exe',
    ParentImage: 'C:\\Windows\\cmd.exe',
  });
  const network = flatEvent({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 3,
    Image: 'msedge.exe',
  });
  assert.equal(new SigmaEngine([r]).evaluate(network).length, 0, 'other log sources are not tried');
});

test('a regex that backtracking engines blow up on returns promptly on a 100 KB field', () => {
  const r = rule("  sel:\n    CommandLine|re: '^(a+)+$'\n  condition: sel\n");
  const started = process.hrtime.bigint();
  assert.equal(fires(r, { CommandLine: `${'a'.repeat(100_000)}!` }), false);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < 2000, `took ${ms} ms`);
});
