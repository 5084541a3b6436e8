import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { zeekJsonReader, zeekPathOf, flattenZeekJson } from './zeek-json.js';

const SCRANTON = (log: string): string =>
  join(
    sharedData('otrf', 'datasets', 'compound', 'apt29', 'day1', 'zeek', 'individual_zeek_logs'),
    `SCRANTON_${log}.log`,
  );

test('zeek-json: the apt29 SCRANTON http and files logs read line for line', async () => {
  const { events, problems } = await readPaths([
    SCRANTON('http'),
    SCRANTON('files'),
    SCRANTON('pe'),
  ]);
  assert.deepEqual(problems, []);
  // `wc -l`: 62 http rows and 69 files rows; the pe row is Zeek but not modelled.
  assert.equal(events.filter((e) => e.event.dataset === 'zeek.http').length, 62);
  assert.equal(events.filter((e) => e.event.dataset === 'zeek.files').length, 69);
  assert.ok(events.every((e) => e.lurewatch.format === 'zeek-json'));

  const download = events.find(
    (e) =>
      e.event.dataset === 'zeek.http' && e.http?.response?.mime_type === 'application/x-dosexec',
  );
  assert.equal(download?.url?.full, 'http://192.168.0.4/webdav/python.exe');
  assert.equal(download?.url?.path, '/webdav/python.exe');
  assert.equal(download?.http?.request?.method, 'GET');
  assert.equal(download?.http?.response?.body_bytes, 5305104);
  assert.equal(download?.user_agent?.original, 'Microsoft-WebDAV-MiniRedir/10.0.18362');
  assert.deepEqual(download?.source, { ip: '10.0.1.4', port: 60802 });
  assert.deepEqual(download?.zeek?.resp_fuids, ['FV8BmBzhLupORXNNc']);

  // The file record names the sender (tx) and receiver (rx); the client stays the source.
  const file = events.find((e) => e.zeek?.fuid === 'FV8BmBzhLupORXNNc');
  assert.equal(file?.file?.mime_type, 'application/x-dosexec');
  assert.equal(file?.file?.size, 5305104);
  assert.equal(file?.source?.ip, '10.0.1.4');
  assert.equal(file?.destination?.ip, '192.168.0.4');
  assert.deepEqual(file?.zeek?.conn_uids, ['C1OVTv1ML8aw5ffxn6']);

  // SMB transfers name a share path; its last component is the file name.
  const gpt = events.find((e) => e.zeek?.fuid === 'FSfSUS3WXXkICTBUia');
  assert.equal(gpt?.file?.name, 'gpt.ini');
  assert.equal(gpt?.file?.extension, 'ini');
  assert.deepEqual(gpt?.file?.hash, {
    md5: 'cc85d7649546d3c0b1607f761b73fec2',
    sha1: '1a1a10b819f321b91b47d7dd73668406a15992db',
  });
  assert.equal(gpt?.network?.protocol, 'smb');
});

test('zeek-json: the log type is inferred from the fields when nothing names it', () => {
  const of = (value: Record<string, unknown>): string | undefined =>
    zeekPathOf(flattenZeekJson(value));
  assert.equal(of({ ts: 1, uid: 'C', method: 'GET', resp_fuids: ['F'] }), 'http');
  assert.equal(of({ ts: 1, fuid: 'F', conn_uids: ['C'], seen_bytes: 3 }), 'files');
  assert.equal(of({ ts: 1, uid: 'C', query: 'a.example', qtype_name: 'A' }), 'dns');
  assert.equal(of({ ts: 1, uid: 'C', conn_state: 'SF' }), 'conn');
  assert.equal(of({ ts: 1, uid: 'C', _path: 'ssl', method: 'x' }), 'ssl');
  assert.equal(of({ ts: 1, uid: 'C' }), undefined);
});

test('zeek-json: bad lines are counted and the good ones kept', async () => {
  const lines = [
    '{"ts":"2024-03-01T10:00:00.000000Z","uid":"C1","id.orig_h":"10.0.0.2","id.orig_p":5000,' +
      '"id.resp_h":"10.0.0.3","id.resp_p":53,"proto":"udp","query":"evil.example",' +
      '"answers":["203.0.113.7"]}',
    'not json at all',
    '{"uid":"C2","id":{"orig_h":"10.0.0.2","resp_h":"10.0.0.9"},"conn_state":"SF"}',
    '{"ts":1700000000.25,"uid":"C3","id":{"orig_h":"10.0.0.2","orig_p":1,"resp_h":"10.0.0.9",' +
      '"resp_p":443},"proto":"tcp","conn_state":"SF","orig_bytes":10,"resp_bytes":20}',
    '{"ts":1700000000.25,"uid":"C4","query":"trunc',
  ];
  const { events, problems } = await readWith(
    zeekJsonReader,
    bufferSource('z.json', lines.join('\n')),
  );
  assert.deepEqual(
    events.map((e) => e.event.dataset),
    ['zeek.dns', 'zeek.conn'],
  );
  assert.deepEqual(events[0]?.dns, {
    question: { name: 'evil.example' },
    answers: ['203.0.113.7'],
  });
  assert.equal(events[0]?.['@timestamp'], '2024-03-01T10:00:00.000Z');
  assert.deepEqual(events[1]?.destination, { ip: '10.0.0.9', port: 443, bytes: 20 });
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [
      ['bad-json', 'line 2'],
      ['missing-timestamp', 'line 3'],
      ['bad-json', 'line 5'],
    ],
  );
});
