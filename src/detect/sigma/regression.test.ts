import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonRecords } from '../../read/json-records.js';
import { sharedData } from '../../testing/data.js';
import { SigmaEngine } from './engine.js';
import { toSigmaEvent, type SigmaEvent } from './event.js';
import { LogsourceRouter } from './logsource.js';
import { loadRules } from './loader.js';
import type { DetectionRule } from './model.js';
import { KNOWN_REGRESSION_FAILURES } from './testing/regression-known.js';
import { regressionCases, runRegressionCase } from './testing/regression.js';

const RULE_DIRS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];
// Loaded once for both tests: parsing ~3,800 rules is the slow part.
const loading = loadRules(RULE_DIRS.map((dir) => sharedData('sigma', dir)));

test('SigmaHQ regression tests: each rule matches its sample match_count times', async () => {
  const loaded = await loading;
  const byId = new Map<string, DetectionRule>();
  for (const rule of loaded.rules)
    if (rule.kind === 'detection' && rule.id) byId.set(rule.id, rule);

  const { cases, withoutTest } = await regressionCases(sharedData('sigma', 'regression_data'));
  assert.equal(cases.length + withoutTest.length, 163, 'SigmaHQ ships 163 regression tests');
  const failing: string[] = [...withoutTest];
  for (const item of cases) {
    const result = await runRegressionCase(item, byId);
    if (!result.found || result.matches < result.matchCount) {
      failing.push(item.name);
      if (!(item.name in KNOWN_REGRESSION_FAILURES)) {
        assert.fail(
          `${item.name}: rule ${item.ruleId} ` +
            (result.found ? `matched ${result.matches} of ${item.matchCount}` : 'did not load'),
        );
      }
    }
  }
  assert.deepEqual(failing.sort(), Object.keys(KNOWN_REGRESSION_FAILURES).sort());
});

test('SigmaHQ regression tests on the .evtx samples give the same counts as on the .json', async () => {
  const loaded = await loading;
  const byId = new Map<string, DetectionRule>();
  for (const rule of loaded.rules)
    if (rule.kind === 'detection' && rule.id) byId.set(rule.id, rule);
  const { cases } = await regressionCases(sharedData('sigma', 'regression_data'));
  const differing: string[] = [];
  for (const item of cases) {
    const fromJson = await runRegressionCase(item, byId, 'json');
    const fromEvtx = await runRegressionCase(item, byId, 'evtx');
    if (fromEvtx.matches !== fromJson.matches) {
      differing.push(`${item.name}: evtx ${fromEvtx.matches}, json ${fromJson.matches}`);
    }
  }
  assert.deepEqual(differing, []);
});

test('load rate: >= 99.5% of SigmaHQ rules load, every rejection with a reason', async () => {
  const loaded = await loading;
  const total = loaded.rules.length + loaded.rejected.length;
  assert.ok(total > 3500, `expected the full rule set, saw ${total}`);
  assert.ok(loaded.rules.length / total >= 0.995, `${loaded.rejected.length} of ${total} rejected`);
  for (const rejection of loaded.rejected) {
    assert.match(rejection.file, /\.yml$/);
    assert.ok(rejection.line >= 1, `${rejection.file} has a line`);
    assert.ok(rejection.reason.length > 10, `${rejection.file} has a reason`);
  }
});

async function* jsonlFiles(dir: string): AsyncIterable<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsonlFiles(path);
    else if (entry.name.endsWith('.jsonl')) yield path;
  }
}

test('the literal index never hides a match: same alerts with and without it', async () => {
  const loaded = await loading;
  const rules = loaded.rules.filter(
    (r): r is DetectionRule => r.kind === 'detection' && r.logsource.product === 'windows',
  );
  const indexed = new SigmaEngine(rules);
  const plain = new SigmaEngine(rules, new LogsourceRouter(), false);
  const events: SigmaEvent[] = [];
  // The three channels most rules are written for, every fourth event: enough to exercise
  // every kind of rule while keeping the unindexed run short.
  const channels = /^(Security|Microsoft-Windows-Sysmon\/Operational|.*PowerShell.*)$/;
  let seen = 0;
  for await (const file of jsonlFiles(sharedData('evtx', 'golden', 'attack-samples'))) {
    for await (const item of jsonRecords(createReadStream(file), 8 << 20)) {
      const event = item.kind === 'record' ? toSigmaEvent(item.value) : undefined;
      if (event?.channel && channels.test(event.channel) && seen++ % 4 === 0) events.push(event);
    }
  }
  assert.ok(events.length > 1000, `read ${events.length} events`);
  const ids = (engine: SigmaEngine): string[] =>
    events.flatMap((event, i) => engine.evaluate(event).map((m) => `${i}:${m.rule.title}`));
  const withIndex = ids(indexed);
  assert.ok(withIndex.length > 100, `${withIndex.length} matches`);
  assert.deepEqual(withIndex, ids(plain));
});
