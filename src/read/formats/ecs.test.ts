import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { withSettings } from '../../core/settings.js';
import { investigate } from '../../investigate/run.js';
import { bufferSource, readWith } from '../../testing/read.js';
import { ecsReader } from './ecs.js';
import { defaultRegistry } from './index.js';

const SHA = 'c3'.repeat(32);
const HOST = { hostname: 'WS01', name: 'ws01.corp.example', os: { type: 'windows' } };
const AGENT = { agent: { type: 'endpoint', version: '8.12.0' }, ecs: { version: '8.10.0' } };
const DOWNLOADS = 'C:\\Users\\alice\\Downloads\\invoice.exe';

// Elastic Defend documents with the fields its endpoint.events.* data streams document.
const DOCS = [
  {
    '@timestamp': '2024-03-05T09:15:00.000Z',
    ...AGENT,
    data_stream: { dataset: 'endpoint.events.file' },
    event: { kind: 'event', category: ['file'], type: ['creation'], action: 'creation' },
    host: HOST,
    user: { name: 'alice', domain: 'CORP' },
    process: {
      pid: 4100,
      entity_id: 'ZTE=',
      name: 'chrome.exe',
      executable: 'C:\\Chrome\\chrome.exe',
    },
    file: {
      path: DOWNLOADS,
      name: 'invoice.exe',
      size: 73802,
      hash: { sha256: SHA },
      origin_url: 'https://files.example.net/invoice.exe',
      Ext: { windows: { zone_identifier: 3 } },
    },
  },
  {
    '@timestamp': '2024-03-05T09:16:00.000Z',
    ...AGENT,
    data_stream: { dataset: 'endpoint.events.process' },
    event: { kind: 'event', category: ['process'], type: ['start'], action: 'start' },
    host: HOST,
    user: { name: 'alice', domain: 'CORP' },
    process: {
      pid: 5120,
      entity_id: 'ZTI=',
      name: 'invoice.exe',
      executable: DOWNLOADS,
      args: [DOWNLOADS, '/s'],
      hash: { sha256: SHA },
      pe: { original_file_name: 'stub.exe' },
      parent: {
        pid: 3000,
        entity_id: 'ZTM=',
        name: 'explorer.exe',
        executable: 'C:\\Windows\\explorer.exe',
      },
    },
  },
  {
    '@timestamp': '2024-03-05T09:16:05.000Z',
    ...AGENT,
    'event.category': ['network'],
    'event.type': ['start'],
    'event.action': 'connection_attempted',
    'host.hostname': 'WS01',
    'process.pid': 5120,
    'process.entity_id': 'ZTI=',
    'process.executable': DOWNLOADS,
    'source.ip': '10.1.2.3',
    'source.port': 50200,
    'destination.ip': '203.0.113.50',
    'destination.port': 443,
    'network.transport': 'tcp',
    'network.direction': 'egress',
  },
  {
    _index: '.ds-logs-endpoint.events.network-default',
    _source: {
      '@timestamp': '2024-03-05T09:16:04.000Z',
      ...AGENT,
      event: { category: ['network'], type: ['protocol', 'info'], action: 'lookup_requested' },
      host: HOST,
      process: { pid: 5120, entity_id: 'ZTI=' },
      dns: { question: { name: 'c2.example.org' }, resolved_ip: ['203.0.113.50'] },
    },
  },
];

const TEXT = DOCS.map((doc) => JSON.stringify(doc)).join('\n');

test('ecs: Elastic Defend file, process, network and DNS events map field for field', async () => {
  const { events, problems } = await readWith(ecsReader, bufferSource('endpoint.ndjson', TEXT));
  assert.deepEqual(problems, []);
  const [write, start, connect, lookup] = events;
  assert.equal(write?.file?.origin_url, 'https://files.example.net/invoice.exe');
  assert.equal(write?.file?.zone_id, 3);
  assert.equal(write?.file?.hash?.sha256, SHA);
  assert.equal(write?.event.dataset, 'endpoint.events.file');
  assert.equal(start?.process?.command_line, `${DOWNLOADS} /s`);
  assert.equal(start?.process?.parent?.entity_id, 'ZTM=');
  assert.equal(start?.process?.original_file_name, 'stub.exe');
  assert.deepEqual(start?.user, { name: 'alice', domain: 'CORP' });
  assert.equal(start?.host?.name, 'WS01');
  assert.deepEqual(connect?.destination, { ip: '203.0.113.50', port: 443 });
  assert.deepEqual(connect?.network, { transport: 'tcp', direction: 'outbound' });
  assert.equal(connect?.process?.entity_id, 'ZTI=');
  assert.deepEqual(lookup?.event.category, ['network', 'dns']);
  assert.deepEqual(lookup?.dns, {
    question: { name: 'c2.example.org' },
    answers: ['203.0.113.50'],
  });
  assert.equal(ecsReader.sniff({ name: 'x', head: Buffer.from(`${TEXT}\n`) }), 80);
});

test('ecs: investigate traces the run file to its download and its connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-ecs-'));
  try {
    writeFileSync(join(dir, 'endpoint.ndjson'), TEXT);
    const { report } = await investigate({
      inputs: [dir],
      registry: defaultRegistry(),
      settings: withSettings({}),
      logger: silentLogger,
    });
    const incident = report.incidents.find((i) => i.file.name === 'invoice.exe');
    assert.ok(incident, 'an incident for invoice.exe');
    assert.equal(incident.delivery.channel, 'web');
    assert.equal(incident.delivery.detail, 'https://files.example.net/invoice.exe');
    assert.deepEqual(
      incident.network.map((n) => `${n.ip}:${n.port}`),
      ['203.0.113.50:443'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
