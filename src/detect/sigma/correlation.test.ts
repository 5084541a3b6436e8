import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flatEvent } from './event.js';
import { Hunt, type Alert } from './hunt.js';
import { parseRuleText } from './loader.js';
import type { SigmaRecordItem } from './records.js';

/** Two detection rules (`a`: EventID 1, `b`: EventID 3) and the given correlation. */
function rulesWith(correlation: string): ReturnType<typeof parseRuleText>['rules'] {
  const detection = (name: string, id: number): string =>
    `title: rule ${name}\nname: ${name}\nlogsource:\n  product: windows\n  service: sysmon\n` +
    `detection:\n  sel:\n    EventID: ${id}\n  condition: sel\n`;
  const corr = `title: corr\nlevel: high\n${correlation}`;
  const text = `${detection('a', 1)}---\n${detection('b', 3)}---\n${corr}`;
  const result = parseRuleText(text, 'corr.yml');
  assert.deepEqual(result.rejected, []);
  return result.rules;
}

interface Spec {
  id: number;
  second: number;
  host?: string;
  user?: string;
  bytes?: number;
}

async function* records(specs: readonly Spec[]): AsyncIterable<SigmaRecordItem> {
  for (const [i, s] of specs.entries()) {
    const event = flatEvent({
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: s.id,
      Hostname: s.host ?? 'pc1',
      User: s.user ?? 'alice',
      Bytes: s.bytes ?? 0,
      '@timestamp': new Date(Date.UTC(2024, 0, 1, 0, 0, s.second)).toISOString(),
    });
    yield { kind: 'record', record: { event, input: 'specimen', location: `record ${i + 1}` } };
  }
}

async function correlations(correlation: string, specs: readonly Spec[]): Promise<Alert[]> {
  const hunt = new Hunt(rulesWith(correlation));
  const out: Alert[] = [];
  for await (const item of hunt.run(records(specs))) {
    if (item.kind === 'alert' && item.alert.kind === 'correlation') out.push(item.alert);
  }
  return out;
}

const countRule = (extra = ''): string =>
  'correlation:\n  type: event_count\n  rules: [a]\n  group-by: [Computer]\n  timespan: 1m\n' +
  `  condition:\n    gte: 3\n${extra}`;

test('event_count fires once the count is reached inside the span, per group', async () => {
  const three = [0, 10, 20].map((second) => ({ id: 1, second }));
  const fired = await correlations(countRule(), three);
  assert.equal(fired.length, 1);
  assert.deepEqual(fired[0]?.fields['Computer'], 'pc1');
  assert.equal(fired[0]?.fields['event_count'], 3);

  const spread = [0, 50, 100].map((second) => ({ id: 1, second }));
  assert.equal((await correlations(countRule(), spread)).length, 0, 'outside the span');
  const hosts = [0, 10, 20].map((second, i) => ({ id: 1, second, host: `pc${i}` }));
  assert.equal((await correlations(countRule(), hosts)).length, 0, 'different groups');
});

test('value_count counts distinct values of the field', async () => {
  const rule =
    'correlation:\n  type: value_count\n  rules: [a]\n  group-by: [Computer]\n  timespan: 5m\n' +
    '  condition:\n    field: User\n    gte: 2\n';
  assert.equal(
    (
      await correlations(rule, [
        { id: 1, second: 0 },
        { id: 1, second: 1 },
      ])
    ).length,
    0,
  );
  const two = [
    { id: 1, second: 0, user: 'alice' },
    { id: 1, second: 1, user: 'bob' },
  ];
  assert.equal((await correlations(rule, two)).length, 1);
});

test('temporal needs every rule inside the span on the same group, in any order', async () => {
  const rule =
    'correlation:\n  type: temporal\n  rules: [a, b]\n  group-by: [Computer]\n  timespan: 1m\n';
  assert.equal(
    (
      await correlations(rule, [
        { id: 3, second: 0 },
        { id: 1, second: 5 },
      ])
    ).length,
    1,
  );
  assert.equal(
    (
      await correlations(rule, [
        { id: 1, second: 0 },
        { id: 1, second: 5 },
      ])
    ).length,
    0,
  );
  const otherHost = [
    { id: 1, second: 0 },
    { id: 3, second: 5, host: 'pc2' },
  ];
  assert.equal((await correlations(rule, otherHost)).length, 0, 'group-by violation');
});

test('temporal_ordered enforces the listed order across every rule', async () => {
  const rule =
    'correlation:\n  type: temporal_ordered\n  rules: [a, b]\n' +
    '  group-by: [Computer]\n  timespan: 1m\n';
  assert.equal(
    (
      await correlations(rule, [
        { id: 1, second: 0 },
        { id: 3, second: 5 },
      ])
    ).length,
    1,
  );
  assert.equal(
    (
      await correlations(rule, [
        { id: 3, second: 0 },
        { id: 1, second: 5 },
      ])
    ).length,
    0,
  );
  const late = [
    { id: 1, second: 0 },
    { id: 3, second: 90 },
  ];
  assert.equal((await correlations(rule, late)).length, 0, 'outside the span');
});

test('value_sum, value_avg and value_percentile compare the aggregate of a field', async () => {
  const specs = [10, 20, 90].map((bytes, second) => ({ id: 1, second, bytes }));
  const rule = (type: string, condition: string): string =>
    `correlation:\n  type: ${type}\n  rules: [a]\n  group-by: [Computer]\n  timespan: 1m\n` +
    `  condition:\n    field: Bytes\n${condition}`;
  assert.equal((await correlations(rule('value_sum', '    gte: 120\n'), specs)).length, 1);
  assert.equal((await correlations(rule('value_sum', '    gt: 120\n'), specs)).length, 0);
  assert.equal((await correlations(rule('value_avg', '    gte: 40\n'), specs)).length, 1);
  assert.equal((await correlations(rule('value_avg', '    gt: 40\n'), specs)).length, 0);
  const p90 = '    percentile: 90\n    gte: 90\n';
  assert.equal((await correlations(rule('value_percentile', p90), specs)).length, 1);
  const p50 = '    percentile: 50\n    gte: 90\n';
  assert.equal((await correlations(rule('value_percentile', p50), specs)).length, 0);
});

test('aliases group different fields of different rules; generate sets base alerts', async () => {
  const rule =
    'correlation:\n  type: temporal\n  rules: [a, b]\n  group-by: [who]\n  timespan: 1m\n' +
    '  aliases:\n    who:\n      a: User\n      b: Computer\n';
  const specs = [
    { id: 1, second: 0, user: 'x' },
    { id: 3, second: 1, host: 'x' },
  ];
  assert.equal((await correlations(rule, specs)).length, 1);

  const all = async (generate: string): Promise<Alert[]> => {
    const hunt = new Hunt(rulesWith(`${rule}${generate}`));
    const out: Alert[] = [];
    for await (const item of hunt.run(records(specs)))
      if (item.kind === 'alert') out.push(item.alert);
    return out;
  };
  assert.deepEqual(
    (await all('')).map((a) => a.kind),
    ['correlation'],
  );
  assert.deepEqual(
    (await all('  generate: true\n')).map((a) => a.kind),
    ['detection', 'detection', 'correlation'],
  );
});

test('state is bounded: groups whose span has passed are freed', async () => {
  const hunt = new Hunt(rulesWith(countRule()));
  let peak = 0;
  async function* many(): AsyncIterable<SigmaRecordItem> {
    for (let i = 0; i < 20_000; i += 1) {
      peak = Math.max(peak, hunt.correlations.openGroups);
      const event = flatEvent({
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Hostname: `host${i}`,
        '@timestamp': new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      });
      yield { kind: 'record', record: { event, input: 'x', location: '' } };
    }
  }
  for await (const item of hunt.run(many())) assert.notEqual(item.kind, 'problem');
  assert.ok(peak > 10, 'groups were tracked');
  // One new host a second and a one-minute span: about 60-75 groups alive, never 20,000.
  assert.ok(peak < 200, `peak groups ${peak}`);
});

test('temporal_ordered judges order by event time, not by reading order', async () => {
  const rule =
    'correlation:\n  type: temporal_ordered\n  rules: [a, b]\n' +
    '  group-by: [Computer]\n  timespan: 1m\n';
  // The execution (b) is read first, from another file, but happened after the write (a).
  assert.equal(
    (
      await correlations(rule, [
        { id: 3, second: 30 },
        { id: 1, second: 10 },
      ])
    ).length,
    1,
  );
  assert.equal(
    (
      await correlations(rule, [
        { id: 1, second: 30 },
        { id: 3, second: 10 },
      ])
    ).length,
    0,
  );
});
