import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
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
