import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';
import { PROJECT_ROOT } from '../testing/data.js';
import { configuredConnectors, LookupQueue } from './connectors/index.js';

// The bundled example scenario: an emailed invoice from billing@northwind-invoices.com.
const PAYLOAD = '2be435a49b9bf694db01e4292d8d126a0294ecaae37fb5cbb2936913d8516370';
const SENDER = 'billing@northwind-invoices.com';

let server: Server;
let base = '';
const asked: string[] = [];

before(async () => {
  // VirusTotal is over quota for everything; MISP knows the sender.
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
        value === SENDER
          ? [
              {
                uuid: 'attr-9',
                type: 'email-src',
                value,
                Event: {
                  uuid: 'event-9',
                  info: 'Invoice lures',
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

test('live: a MISP sender hit names the actor, a VirusTotal 429 shows as failed', async () => {
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
    inputs: [join(PROJECT_ROOT, 'examples', 'scenario')],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    live: new LookupQueue(connectors, silentLogger),
  });
  const incident = report.incidents.find((i) => i.file.sha256 === PAYLOAD);
  assert.ok(incident);
  assert.match(
    incident.escalation.reasons.join('\n'),
    /origin tied to known campaign or actor: threat-actor Stevie Spider/,
  );

  const vt = incident.lookups?.find((l) => l.connector === 'virustotal' && l.value === PAYLOAD);
  assert.equal(vt?.status, 'failed');
  assert.match(vt?.detail ?? '', /^quota: quota exceeded \(HTTP 429\)/);
  const hashStep = incident.checklist.find((c) => c.id === 'hash-lookup');
  assert.equal(hashStep?.status, 'partial');
  assert.match(hashStep?.finding ?? '', /virustotal look-up FAILED/);
  assert.doesNotMatch(hashStep?.finding ?? '', /virustotal: not found/);
  const misp = incident.lookups?.filter((l) => l.connector === 'misp-live') ?? [];
  assert.equal(misp.find((l) => l.value === SENDER)?.status, 'found');
  assert.equal(misp.find((l) => l.value === PAYLOAD)?.status, 'not-found');
  assert.ok(asked.every((line) => !line.includes('undefined')));
});
