import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LwEvent } from '../../model/event.js';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { unescapeZeek, zeekTsvReader } from './zeek-tsv.js';

const LSASS_ZEEK = (): string =>
  sharedData(
    'otrf',
    'datasets',
    'compound',
    'LSASS_campaign_01',
    'metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip',
  );

function countBy(events: LwEvent[], key: (e: LwEvent) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[key(event)] = (counts[key(event)] ?? 0) + 1;
  return counts;
}

test('zeek-tsv: the LSASS_campaign_01 logs read from their zip, row for row', async () => {
  const { events, problems } = await readPaths([LSASS_ZEEK()]);
  assert.deepEqual(problems, []);
  // Row counts from `grep -vc '^#'` on each member; the other logs (ssl, x509, kerberos...)
  // are valid but not modelled, so they yield nothing.
  assert.deepEqual(
    countBy(events, (e) => e.event.dataset),
    { 'zeek.conn': 112, 'zeek.dns': 96, 'zeek.files': 3, 'zeek.http': 3 },
  );
  assert.ok(
    events.every((e) => e.lurewatch.format === 'zeek-tsv' && e.lurewatch.source === 'proxy'),
  );
});

test('zeek-tsv: the 7,168-byte executable download from 10.0.5.13 normalises', async () => {
  const { events } = await readPaths([LSASS_ZEEK()]);
  const http = events.find(
    (e) =>
      e.event.dataset === 'zeek.http' && e.http?.response?.mime_type === 'application/x-dosexec',
  );
  assert.ok(http);
  assert.equal(http['@timestamp'], '2023-08-16T04:54:08.308Z');
  assert.deepEqual(http.source, { ip: '192.168.1.41', port: 51126 });
  assert.deepEqual(http.destination, { ip: '10.0.5.13', port: 80 });
  assert.deepEqual(http.http?.response, {
    status_code: 200,
    mime_type: 'application/x-dosexec',
    body_bytes: 7168,
  });
  // host and uri are unset (`-`) in this capture, so no URL is invented.
  assert.equal(http.url, undefined);
  assert.deepEqual(http.zeek, { uid: 'CwSLisOv4lXMZlXd3', resp_fuids: ['FmHWcO2PF9wbqM6cil'] });
  assert.match(http.lurewatch.input, /zeek_logs\.zip!\/http\.log$/);
  assert.equal(http.lurewatch.location, 'line 11');

  const file = events.find((e) => e.zeek?.fuid === 'FmHWcO2PF9wbqM6cil');
  assert.equal(file?.file?.mime_type, 'application/x-dosexec');
  assert.equal(file?.file?.size, 7168);
  assert.equal(file?.zeek?.uid, 'CwSLisOv4lXMZlXd3');
  assert.deepEqual(file?.destination, { ip: '10.0.5.13', port: 80 });

  const conn = events.find(
    (e) => e.event.dataset === 'zeek.conn' && e.zeek?.uid === http.zeek?.uid,
  );
  assert.equal(conn?.destination?.bytes, 7373);
  assert.equal(conn?.network?.transport, 'tcp');

  const dns = events.filter((e) => e.dns?.answers?.includes('dc01.pandalab.com'));
  assert.ok(dns.length > 0);
  assert.equal(
    dns[0]?.dns?.question?.name,
    '_ldap._tcp.default-first-site-name._sites.dc._msdcs.pandalab.com',
  );
});

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\thttp',
  ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'method', 'host']
    .concat(['uri', 'resp_mime_types'])
    .join('\t'),
  ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string']
    .concat(['vector[string]'])
    .join('\t'),
];
const ROW = ['1692161648.5', 'C1', '10.1.1.2', '50000', '203.0.113.9', '80', 'GET', 'evil.example']
  .concat(['/a\\x09b.exe?x=1', 'application/x-dosexec,text/plain'])
  .join('\t');

test('zeek-tsv: a row is typed, unescaped and mapped to URL fields', async () => {
  const { events, problems } = await readWith(
    zeekTsvReader,
    bufferSource('http.log', [...HEADER, ROW, ''].join('\n'), 5),
  );
  assert.deepEqual(problems, []);
  const event = events[0];
  assert.equal(event?.['@timestamp'], '2023-08-16T04:54:08.500Z');
  assert.deepEqual(event?.url, {
    domain: 'evil.example',
    path: '/a\tb.exe',
    full: 'http://evil.example/a\tb.exe?x=1',
  });
  assert.equal(event?.http?.request?.method, 'GET');
  assert.equal(event?.http?.response?.mime_type, 'application/x-dosexec');
});

test('zeek-tsv: truncated rows, rows without a header and a bad header are counted', async () => {
  const lines = [
    ROW, // before any #fields: unreadable
    ...HEADER,
    ROW,
    ROW.split('\t').slice(0, 4).join('\t'), // truncated
    ROW.replace('1692161648.5', '-'), // no timestamp
    '#fields\tts\t\tuid', // an empty field name
    ROW, // unreadable under the broken header
    ...HEADER.slice(5), // a good #fields restores reading
    ROW,
  ];
  const { events, problems } = await readWith(
    zeekTsvReader,
    bufferSource('h.log', lines.join('\n')),
  );
  assert.equal(events.length, 2);
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [
      ['bad-record', 'line 1'],
      ['bad-record', 'line 10'],
      ['missing-timestamp', 'line 11'],
      ['bad-header', 'line 12'],
      ['bad-record', 'line 13'],
    ],
  );
});

test('zeek-tsv: without #path, #fields names the log; unmodelled logs yield nothing', async () => {
  const noPath = HEADER.filter((line) => !line.startsWith('#path'));
  const http = await readWith(zeekTsvReader, bufferSource('a.log', [...noPath, ROW].join('\n')));
  assert.deepEqual(
    http.events.map((e) => e.event.dataset),
    ['zeek.http'],
  );
  const x509 = HEADER.map((line) => (line === '#path\thttp' ? '#path\tx509' : line));
  const other = await readWith(zeekTsvReader, bufferSource('b.log', [...x509, ROW].join('\n')));
  assert.deepEqual(other, { events: [], problems: [] });
});

test('zeek-tsv: escapes decode to the bytes Zeek saw', () => {
  assert.equal(unescapeZeek('a\\x09b'), 'a\tb');
  assert.equal(unescapeZeek('caf\\xc3\\xa9'), 'café');
  assert.equal(unescapeZeek('back\\\\slash'), 'back\\slash');
  assert.equal(unescapeZeek('plain'), 'plain');
});

test('zeek-tsv: sniffing wants the Zeek header', () => {
  const sniff = (text: string): number =>
    zeekTsvReader.sniff({ name: 'x', head: Buffer.from(text) });
  assert.ok(sniff(HEADER.join('\n')) >= 90);
  assert.equal(sniff(ROW), 0);
  assert.equal(sniff('# a comment\nfields\n'), 0);
});
