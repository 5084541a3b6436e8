import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { squidCombinedReader, squidExtendedReader, squidReader } from './squid.js';

const EXTENDED = (): string =>
  sharedData(
    'elastic-integrations',
    'packages',
    'squid',
    'data_stream',
    'log',
    '_dev',
    'test',
    'pipeline',
    'test-access-extensive.log',
  );

test('squid extended: the elastic sample: ports, referrer, agent, body size', async () => {
  const { events, problems } = await readPaths([EXTENDED()]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 11);
  assert.ok(events.every((e) => e.lurewatch.format === 'squid-extended'));
  const [page, tunnel, get] = events;
  // Values as the Elastic pipeline's expected output gives them for the same lines.
  assert.equal(page?.['@timestamp'], '2026-03-13T15:48:42.391Z');
  assert.deepEqual(page?.source, { ip: '10.105.21.199', port: 58938 });
  assert.deepEqual(page?.destination, {
    domain: 'example.com',
    port: 80,
    bytes: 904,
    ip: '203.0.113.10',
  });
  assert.equal(page?.http?.response?.body_bytes, 528);
  assert.equal(page?.user?.name, 'badeyek');
  assert.equal(page?.user_agent?.original, 'curl/8.14.1');
  assert.equal(tunnel?.http?.request?.method, 'CONNECT');
  assert.equal(tunnel?.destination?.domain, 'www.google.com');
  assert.equal(get?.http?.request?.referrer, 'http://test.example.com/');
  assert.equal(get?.url?.full, 'http://httpbin.org/get');
  const last = events[10];
  assert.match(last?.user_agent?.original ?? '', /^Mozilla\/5\.0 \(X11; Linux x86_64; rv:128\.0\)/);
});

const COMBINED = [
  '10.1.2.3 - alice [04/Mar/2024:09:15:00 +0100] "GET http://files.example.net/invoice.iso ' +
    'HTTP/1.1" 200 1048576 "http://mail.example.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"' +
    ' TCP_MISS:HIER_DIRECT',
  '10.1.2.3 - - [04/Mar/2024:09:15:02 +0100] "CONNECT c2.example.org:443 HTTP/1.1" 200 5120 ' +
    'TCP_TUNNEL:HIER_DIRECT',
  '10.1.2.3 - - [04/Mar/2024:09:15:03 +0100] "GET http://x.example/ HTTP/1.1" 200',
].join('\n');

test('squid combined and common: zoned times, request line; a cut line counted', async () => {
  const { events, problems } = await readWith(
    squidCombinedReader,
    bufferSource('access.log', COMBINED),
  );
  assert.equal(events.length, 2);
  const [download, tunnel] = events;
  assert.equal(download?.['@timestamp'], '2024-03-04T08:15:00.000Z');
  assert.equal(download?.url?.full, 'http://files.example.net/invoice.iso');
  assert.equal(download?.url?.path, '/invoice.iso');
  assert.equal(download?.destination?.bytes, 1048576);
  assert.equal(download?.http?.request?.referrer, 'http://mail.example.com/');
  assert.equal(download?.user?.name, 'alice');
  assert.equal(download?.event.action, 'TCP_MISS');
  assert.deepEqual(tunnel?.destination, { domain: 'c2.example.org', port: 443, bytes: 5120 });
  assert.equal(tunnel?.user, undefined);
  assert.deepEqual(
    problems.map((p) => `${p.location} ${p.code}`),
    ['line 3 bad-record'],
  );
});

test('squid layouts: each reader claims its own layout only', async () => {
  const { readFile } = await import('node:fs/promises');
  const extended = await readFile(EXTENDED());
  const combined = Buffer.from(COMBINED.split('\n').slice(0, 2).join('\n') + '\n');
  const score = (reader: typeof squidReader, head: Buffer) => reader.sniff({ name: 'x', head });
  assert.equal(score(squidExtendedReader, extended), 90);
  assert.equal(score(squidCombinedReader, extended), 0);
  assert.equal(score(squidReader, extended), 0);
  assert.equal(score(squidCombinedReader, combined), 90);
  assert.equal(score(squidExtendedReader, combined), 0);
  assert.equal(score(squidReader, combined), 0);
});
