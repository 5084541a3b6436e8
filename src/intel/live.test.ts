import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';
import { sharedData } from '../testing/data.js';
import { configuredConnectors, LookupQueue } from './connectors/index.js';

const PAYLOAD = 'e9196b871670af6307902fc4ca09f7cf3c309ae54b28e10d052ed8741090f928';

let server: Server;
let base = '';
const asked: string[] = [];

before(async () => {
  // VirusTotal is over quota for everything; MISP knows the download server.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      asked.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/vt/')) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end(
          JSON.stringify({ error: { code: 'QuotaExceededError', message: 'Quota exceeded' } }),
        );
        return;
      }
      const { value } = JSON.parse(body) as { value: string };
      const Attribute =
        value === '10.0.5.13'
          ? [
              {
                uuid: 'attr-9',
                type: 'ip-dst',
                value,
                Event: {
                  uuid: 'event-9',
                  info: 'Panda payload servers',
                  Tag: [{ name: 'misp-galaxy:threat-actor="Stevie Spider"' }],
                },
              },
            ]
          : [];
      res.end(JSON.stringify({ response: { Attribute } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((done) => server.close(() => done())));

test('live look-ups: a MISP hit escalates with the actor, a VirusTotal 429 shows as failed', async () => {
  const connectors = configuredConnectors({
    LUREWATCH_MISP_URL: `${base}/misp`,
    LUREWATCH_MISP_API_KEY: 'k',
    LUREWATCH_VT_API_KEY: 'k',
    LUREWATCH_VT_URL: `${base}/vt/api/v3`,
    LUREWATCH_VT_PER_MINUTE: '6000',
  });
  assert.deepEqual(
    connectors.map((c) => c.id),
    ['misp-live', 'virustotal'],
  );
  const { report } = await investigate({
    inputs: [sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01')],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    live: new LookupQueue(connectors, silentLogger),
  });
  const incident = report.incidents.find((i) => i.file.name === 'winx64_payload.exe');
  assert.ok(incident);
  assert.match(incident.escalation.reasons.join('\n'), /threat-actor Stevie Spider/);

  const vt = incident.lookups?.find((l) => l.connector === 'virustotal' && l.value === PAYLOAD);
  assert.equal(vt?.status, 'failed');
  assert.match(vt?.detail ?? '', /^quota: quota exceeded \(HTTP 429\)/);
  const hashStep = incident.checklist.find((c) => c.id === 'hash-lookup');
  assert.equal(hashStep?.status, 'partial');
  assert.match(hashStep?.finding ?? '', /virustotal look-up FAILED/);
  assert.doesNotMatch(hashStep?.finding ?? '', /virustotal: not found/);
  const misp = incident.lookups?.filter((l) => l.connector === 'misp-live') ?? [];
  assert.deepEqual(misp.map((l) => `${l.type} ${l.value} ${l.status}`).sort(), [
    'ip 10.0.5.13 found',
    `sha256 ${PAYLOAD} not-found`,
    'url http://10.0.5.13/winx64_payload.exe not-found',
  ]);
  assert.ok(asked.every((line) => !line.includes('undefined')));
});
