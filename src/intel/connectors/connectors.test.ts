import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { mispInstance } from './misp.js';
import { LookupQueue } from './queue.js';
import type { LiveConnector } from './types.js';
import { virusTotal } from './virustotal.js';

const BAD = 'a'.repeat(64);
const QUOTA = 'b'.repeat(64);
const BROKEN = 'c'.repeat(64);
const CLEAN = 'd'.repeat(64);
const URL_ID = Buffer.from('http://bad.example/x.exe').toString('base64url');

let server: Server;
let base = '';
let hits: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** VirusTotal v3 as documented: x-apikey, error objects with a code, 429 on quota. */
function virusTotalApi(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers['x-apikey'] !== 'vt-key') {
    send(res, 401, { error: { code: 'WrongCredentialsError', message: 'Wrong API key' } });
    return;
  }
  const path = req.url!.replace('/vt/api/v3/', '');
  const found = (malicious: number, label?: string) => ({
    data: {
      type: 'file',
      id: path,
      attributes: {
        last_analysis_stats: { malicious, suspicious: 0, undetected: 60 },
        ...(label ? { popular_threat_classification: { suggested_threat_label: label } } : {}),
      },
    },
  });
  if (path === `files/${BAD}`) send(res, 200, found(41, 'trojan.cobaltstrike/beacon'));
  else if (path === `files/${CLEAN}`) send(res, 200, found(0));
  else if (path === `urls/${URL_ID}`) send(res, 200, found(9));
  else if (path === `files/${QUOTA}`) {
    send(
      res,
      429,
      { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } },
      { 'retry-after': '120' },
    );
  } else if (path === `files/${BROKEN}`) send(res, 503, { error: { code: 'TransientError' } });
  else send(res, 404, { error: { code: 'NotFoundError', message: `${path} not found` } });
}

/** MISP's attributes/restSearch: Authorization key, JSON body, `{response: {Attribute}}`. */
function mispApi(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (req.method !== 'POST' || req.url !== '/misp/attributes/restSearch') {
    send(res, 404, { message: 'not found' });
    return;
  }
  if (req.headers['authorization'] !== 'misp-key') {
    send(res, 403, { message: 'Authentication failed.' });
    return;
  }
  const { value } = JSON.parse(body) as { value: string };
  if (value === 'boom.example') {
    send(res, 500, { message: 'Internal error' });
    return;
  }
  const Attribute =
    value === '10.0.5.13'
      ? [
          {
            uuid: 'attr-1',
            type: 'ip-dst',
            value,
            Event: {
              uuid: 'event-1',
              info: 'Spearphishing wave',
              Tag: [{ name: 'misp-galaxy:threat-actor="Stevie Spider"' }, { name: 'tlp:green' }],
            },
          },
        ]
      : [];
  send(res, 200, { response: { Attribute } });
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url!.startsWith('/vt/')) virusTotalApi(req, res);
      else mispApi(req, res, body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((done) => server.close(() => done())));

const signal = () => AbortSignal.timeout(5000);

test('VirusTotal: detections match with the threat label; absence and clean do not', async () => {
  const vt = virusTotal({ apiKey: 'vt-key', baseUrl: `${base}/vt/api/v3` });
  const found = await vt.lookup({ type: 'sha256', value: BAD }, signal());
  assert.equal(found.status, 'found');
  assert.deepEqual(found.status === 'found' && found.matches[0]!.attribution, [
    { kind: 'malware', name: 'trojan.cobaltstrike/beacon' },
  ]);
  const url = await vt.lookup({ type: 'url', value: 'http://bad.example/x.exe' }, signal());
  assert.equal(url.status, 'found');
  assert.equal(
    (await vt.lookup({ type: 'sha256', value: 'e'.repeat(64) }, signal())).status,
    'not-found',
  );
  assert.equal((await vt.lookup({ type: 'sha256', value: CLEAN }, signal())).status, 'not-found');
});

test('VirusTotal: 429, 5xx, a refused key and a dead server fail, not absence', async () => {
  const vt = virusTotal({ apiKey: 'vt-key', baseUrl: `${base}/vt/api/v3` });
  const quota = await vt.lookup({ type: 'sha256', value: QUOTA }, signal());
  assert.deepEqual(quota.status === 'failed' && [quota.code, quota.retryAfterMs], [
    'quota',
    120_000,
  ]);
  const broken = await vt.lookup({ type: 'sha256', value: BROKEN }, signal());
  assert.equal(broken.status === 'failed' && broken.code, 'server');
  const wrongKey = virusTotal({ apiKey: 'nope', baseUrl: `${base}/vt/api/v3` });
  const refused = await wrongKey.lookup({ type: 'sha256', value: BAD }, signal());
  assert.equal(refused.status === 'failed' && refused.code, 'auth');
  const dead = virusTotal({ apiKey: 'vt-key', baseUrl: 'http://127.0.0.1:1/api/v3' });
  const down = await dead.lookup({ type: 'sha256', value: BAD }, signal());
  assert.equal(down.status === 'failed' && down.code, 'network');
});

test('MISP restSearch: galaxy tags give attribution; empty is absence; 500 fails', async () => {
  const misp = mispInstance({ baseUrl: `${base}/misp`, apiKey: 'misp-key' });
  const found = await misp.lookup({ type: 'ip', value: '10.0.5.13' }, signal());
  assert.equal(found.status, 'found');
  if (found.status !== 'found') return;
  assert.equal(found.matches[0]!.source, 'misp-live:event-1');
  assert.deepEqual(found.matches[0]!.attribution, [
    { kind: 'threat-actor', name: 'Stevie Spider' },
  ]);
  assert.equal(
    (await misp.lookup({ type: 'domain', value: 'fine.example' }, signal())).status,
    'not-found',
  );
  const boom = await misp.lookup({ type: 'domain', value: 'boom.example' }, signal());
  assert.equal(boom.status === 'failed' && boom.code, 'server');
  const refused = await mispInstance({ baseUrl: `${base}/misp`, apiKey: 'x' }).lookup(
    { type: 'ip', value: '10.0.5.13' },
    signal(),
  );
  assert.equal(refused.status === 'failed' && refused.code, 'auth');
});

function clock() {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
  };
}

test('the queue caches answers until they expire and never caches a failure', async () => {
  const c = clock();
  const vt = virusTotal({ apiKey: 'vt-key', baseUrl: `${base}/vt/api/v3`, perMinute: 600 });
  const queue = new LookupQueue([vt], silentLogger, { ttlMs: 60_000, now: c.now, sleep: c.sleep });
  hits = [];
  await queue.lookup({ type: 'sha256', value: BAD });
  await queue.lookup({ type: 'sha256', value: BAD });
  assert.equal(queue.sent, 1, 'second answer from the cache');
  c.advance(61_000);
  await queue.lookup({ type: 'sha256', value: BAD });
  assert.equal(queue.sent, 2, 'expired answer asked again');
  const [first] = await queue.lookup({ type: 'sha256', value: BROKEN });
  await queue.lookup({ type: 'sha256', value: BROKEN });
  assert.equal(first!.status, 'failed');
  assert.match(first!.detail ?? '', /^server: HTTP 503/);
  assert.equal(queue.sent, 4, 'a failure is asked again');
  assert.equal(hits.length, 4);
});

test('the queue spaces requests under the rate limit and pauses after a 429', async () => {
  const c = clock();
  const vt: LiveConnector = virusTotal({
    apiKey: 'vt-key',
    baseUrl: `${base}/vt/api/v3`,
    perMinute: 4,
  });
  const queue = new LookupQueue([vt], silentLogger, {
    now: c.now,
    sleep: c.sleep,
    maxWaitMs: 60_000,
  });
  await Promise.all(
    ['1', '2', '3'].map((d) => queue.lookup({ type: 'sha256', value: d.repeat(64) })),
  );
  assert.deepEqual(c.waits, [15_000, 15_000], '4 a minute: 15 s apart');
  c.advance(15_000);
  const [quota] = await queue.lookup({ type: 'sha256', value: QUOTA });
  assert.equal(quota!.status, 'failed');
  const sent = queue.sent;
  const [paused] = await queue.lookup({ type: 'sha256', value: BAD });
  assert.equal(paused!.status, 'failed', 'Retry-After 120 s is longer than the wait allowed');
  assert.match(paused!.detail ?? '', /^quota: paused/);
  assert.equal(queue.sent, sent, 'nothing sent while paused');
});
