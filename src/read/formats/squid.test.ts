import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { DEFAULT_READ_LIMITS } from '../types.js';
import { squidReader } from './squid.js';

const PIPELINE = (): string =>
  sharedData(
    'elastic-integrations',
    'packages',
    'squid',
    'data_stream',
    'log',
    '_dev',
    'test',
    'pipeline',
  );

test('squid: the elastic access.log reads, every line an event', async () => {
  const { events, problems } = await readPaths([`${PIPELINE()}/test-access.log`]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 100);
  assert.ok(events.every((e) => e.lurewatch.format === 'squid' && e.lurewatch.source === 'proxy'));

  // Figures from awk over the file: 85 lines with a user, 68 with DIRECT/ip, bytes sum 578214.
  assert.equal(events.filter((e) => e.user?.name).length, 85);
  assert.equal(events.filter((e) => e.destination?.ip).length, 68);
  assert.equal(
    events.reduce((sum, e) => sum + (e.destination?.bytes ?? 0), 0),
    578214,
  );
  assert.equal(events.filter((e) => e.event.action === 'TCP_DENIED').length, 15);

  const [tunnel, page] = events;
  assert.equal(tunnel?.['@timestamp'], '2006-09-08T04:21:52.049Z');
  assert.deepEqual(tunnel?.destination, {
    domain: 'login.yahoo.com',
    port: 443,
    bytes: 19763,
    ip: '175.16.199.115',
  });
  assert.equal(tunnel?.http?.request?.method, 'CONNECT');
  assert.equal(tunnel?.url?.full, undefined);
  assert.equal(tunnel?.user?.name, 'badeyek');

  assert.deepEqual(page?.url, {
    full: 'http://www.goonernews.com/',
    domain: 'www.goonernews.com',
    path: '/',
  });
  assert.deepEqual(page?.http?.response, { status_code: 200, mime_type: 'text/html' });
  assert.equal(page?.source?.ip, '10.105.21.199');
  assert.equal(page?.event.action, 'TCP_MISS');
});

const GOOD =
  '1700000000.123     12 10.0.0.5 TCP_MISS/200 7168 GET http://cdn.example:8080/p/a.exe?x=1 - ' +
  'DIRECT/203.0.113.4 application/x-dosexec';

test('squid: bad lines are counted and the rest read', async () => {
  const lines = [
    GOOD,
    GOOD.slice(0, 40), // truncated
    GOOD.replace('1700000000.123', '-'), // no time
    GOOD.replace('1700000000.123', 'yesterday'),
    '{"not": "squid"}',
    'x'.repeat(300), // longer than the cap below
    '',
    GOOD.replace('TCP_MISS/200', 'TCP_DENIED/000').replace('DIRECT/203.0.113.4', 'NONE/-'),
  ];
  const limits = { ...DEFAULT_READ_LIMITS, maxRecordBytes: 200 };
  const { events, problems } = await readWith(
    squidReader,
    bufferSource('access.log', lines.join('\n'), 13),
    limits,
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [
      ['bad-record', 'line 2'],
      ['missing-timestamp', 'line 3'],
      ['bad-timestamp', 'line 4'],
      ['bad-record', 'line 5'],
      ['record-too-large', 'line 6'],
    ],
  );
  assert.equal(events.length, 2);
  const [download, denied] = events;
  assert.deepEqual(download?.url, {
    full: 'http://cdn.example:8080/p/a.exe?x=1',
    domain: 'cdn.example',
    path: '/p/a.exe',
  });
  assert.deepEqual(download?.destination, {
    domain: 'cdn.example',
    port: 8080,
    bytes: 7168,
    ip: '203.0.113.4',
  });
  assert.equal(download?.user, undefined);
  assert.equal(denied?.http?.response?.status_code, undefined);
  assert.equal(denied?.destination?.ip, undefined);
  assert.equal(denied?.lurewatch.location, 'line 8');
});

test('squid: sniffing rejects the extended format and other logs', async () => {
  const sniff = (text: string): number => squidReader.sniff({ name: 'x', head: Buffer.from(text) });
  assert.equal(sniff(`${GOOD}\n${GOOD}\n`), 90);
  const extended = await readFile(`${PIPELINE()}/test-access-extensive.log`);
  assert.equal(squidReader.sniff({ name: 'x', head: extended }), 0);
  assert.equal(sniff('#separator \\x09\n#fields\tts\n'), 0);
  assert.equal(sniff('From: a@b\nSubject: c\n'), 0);
});
