import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { LwEvent } from '../../model/event.js';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readWith } from '../../testing/read.js';
import { wazuhSyscheckReader } from './wazuh-syscheck.js';

interface RareCase {
  name: string;
  test_case: Array<{ input: string; output: string; stage: string }>;
}

function rareEvents(): RareCase[] {
  const path = sharedData(
    'fim',
    'wazuh-qa',
    'tests',
    'integration',
    'test_analysisd',
    'test_all_syscheckd_configurations',
    'data',
    'syscheck_rare_events.yaml',
  );
  return parse(readFileSync(path, 'utf8')) as RareCase[];
}

test('wazuh-syscheck: the rare-event agent messages read, paths intact', async () => {
  const cases = rareEvents().flatMap((c) => c.test_case);
  const text = cases.map((c) => c.input).join('\n');
  const head = Buffer.from(text).subarray(0, 65536);
  assert.equal(wazuhSyscheckReader.sniff({ name: 'queue', head }), 90);

  const { events, problems } = await readWith(wazuhSyscheckReader, bufferSource('queue', text));
  assert.deepEqual(problems, []);
  assert.equal(events.length, 18);
  const types = events.map((e) => e.event.type[0]);
  assert.equal(types.filter((t) => t === 'creation').length, 6);
  assert.equal(types.filter((t) => t === 'change').length, 6);
  assert.equal(types.filter((t) => t === 'deletion').length, 6);

  // Where the manager saved the change (`syscheck save2 {...}`), it recorded the same path,
  // size and SHA-256 as the event carries.
  let compared = 0;
  cases.forEach((c, i) => {
    const event = events[i] as LwEvent;
    assert.equal(event.event.action, c.stage.toLowerCase());
    const saved = /^agent 000 syscheck save2 (\{.*\})$/s.exec(c.output);
    if (!saved?.[1]) return;
    const expected = JSON.parse(saved[1]) as {
      path: string;
      timestamp: number;
      attributes: { size: number; hash_sha256: string; user_name: string };
    };
    assert.equal(event.file?.path, expected.path);
    assert.equal(event.file?.size, expected.attributes.size);
    assert.equal(event.file?.hash?.sha256, expected.attributes.hash_sha256);
    assert.equal(event.user?.name, expected.attributes.user_name);
    assert.equal(event['@timestamp'], new Date(expected.timestamp * 1000).toISOString());
    compared += 1;
  });
  assert.equal(compared, 12);

  const spanish = events.find((e) => e.file?.path === '/testdir2/ñaña');
  assert.equal(spanish?.file?.name, 'ñaña');
  assert.equal(spanish?.file?.directory, '/testdir2');
  const deep = events.find((e) => e.file?.path?.endsWith('/dir_141/file'));
  assert.equal(deep?.file?.name, 'file');
  assert.ok(events.every((e) => e.lurewatch.source === 'fim' && e.host === undefined));
});

const ALERT = {
  timestamp: '2024-05-02T09:15:31.042+0000',
  rule: { level: 7, description: 'File added to the system.', id: '554' },
  agent: { id: '003', name: 'WS-042', ip: '10.20.0.42' },
  syscheck: {
    path: 'c:\\users\\ana\\downloads\\invoice.pdf.exe',
    event: 'added',
    size_after: '7168',
    sha256_after: 'A'.repeat(64),
    md5_after: 'b'.repeat(32),
    uname_after: 'ana',
  },
  location: 'syscheck',
};

test('wazuh-syscheck: alerts and queue lines mix; bad lines are counted', async () => {
  const agentEvent = {
    type: 'event',
    data: { path: '/tmp/x.sh', type: 'modified', timestamp: 1714641331, attributes: { size: 3 } },
  };
  const lines = [
    JSON.stringify(ALERT),
    JSON.stringify({ ...ALERT, syscheck: undefined, rule: { id: '5715' } }), // not FIM: skipped
    `8:[001] (web01) 10.0.0.4->syscheck:${JSON.stringify(agentEvent)}`,
    '8:syscheck:{"type":"integrity_check_global","data":{"id":1}}', // no change: skipped
    'garbage',
    JSON.stringify({ ...ALERT, timestamp: undefined }),
    JSON.stringify(ALERT).slice(0, 50),
  ];
  const { events, problems } = await readWith(
    wazuhSyscheckReader,
    bufferSource('alerts.json', lines.join('\n'), 11),
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [
      ['bad-json', 'line 5'],
      ['missing-timestamp', 'line 6'],
      ['bad-json', 'line 7'],
    ],
  );
  assert.equal(events.length, 2);
  const [alert, queued] = events;
  assert.equal(alert?.['@timestamp'], '2024-05-02T09:15:31.042Z');
  assert.equal(alert?.event.kind, 'alert');
  assert.deepEqual(alert?.event.type, ['creation']);
  assert.deepEqual(alert?.file, {
    path: 'c:\\users\\ana\\downloads\\invoice.pdf.exe',
    name: 'invoice.pdf.exe',
    directory: 'c:\\users\\ana\\downloads',
    extension: 'exe',
    size: 7168,
    hash: { md5: 'b'.repeat(32), sha256: 'a'.repeat(64) },
  });
  assert.deepEqual(alert?.host, { name: 'WS-042', ip: ['10.20.0.42'] });
  assert.equal(alert?.user?.name, 'ana');
  assert.equal(queued?.host?.name, 'web01');
  assert.deepEqual(queued?.event.type, ['change']);
  assert.equal(queued?.file?.size, 3);
});

test('wazuh-syscheck: sniffing leaves other JSON lines alone', () => {
  const sniff = (text: string): number =>
    wazuhSyscheckReader.sniff({ name: 'x', head: Buffer.from(text) });
  assert.equal(sniff(`${JSON.stringify(ALERT)}\n`), 90);
  assert.equal(sniff('{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1"}\n'), 0);
  assert.equal(sniff('{"EventID":1,"Channel":"Sysmon","@timestamp":"x"}\n'), 0);
});
