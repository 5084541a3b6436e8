/**
 * The contract every shipped reader keeps: it claims its own samples and no other reader's,
 * it survives empty and binary input, and its events name the reader and source they came from.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readWith } from '../../testing/read.js';
import { peek } from '../chunks.js';
import { expandInputs } from '../inputs.js';
import { DEFAULT_READ_LIMITS, SNIFF_BYTES, type SniffSample } from '../types.js';
import { defaultReaders } from './index.js';

const ZEEK_JSON = ['otrf', 'datasets', 'compound', 'apt29', 'day1', 'zeek', 'individual_zeek_logs'];
const SQUID = ['elastic-integrations', 'packages', 'squid', 'data_stream', 'log', '_dev', 'test'];

/** Real inputs and the reader that must claim them; `undefined`: none of these may. */
const SAMPLES: Array<[path: string[], reader: string | undefined]> = [
  [['email', 'phishing_pot', 'email', 'sample-1266.eml'], 'eml'],
  [['email', 'phishing_pot', 'email', 'sample-651.eml'], 'eml'],
  [['email', 'pymisp', 'mail_3.eml'], 'eml'],
  [['otrf', 'datasets', 'compound', 'LSASS_campaign_01'], undefined],
  [[...ZEEK_JSON, 'SCRANTON_http.log'], 'zeek-json'],
  [[...ZEEK_JSON, 'SCRANTON_files.log'], 'zeek-json'],
  [[...SQUID, 'pipeline', 'test-access.log'], 'squid'],
  [[...SQUID, 'pipeline', 'test-access-extensive.log'], 'squid-extended'],
  [
    ['otrf', 'datasets', 'atomic', 'windows', 'execution', 'host', 'empire_launcher_vbs.zip'],
    'winevent-flat',
  ],
  [['evtx', 'golden', 'parser-samples', 'system.jsonl'], 'evtx-json'],
  [['evtx', 'attack-samples', 'Execution', 'sysmon_zipexec.evtx'], 'evtx'],
  [['fim', 'wazuh-qa', 'LICENSE'], undefined],
];

async function* samples(path: string): AsyncIterable<SniffSample> {
  for await (const item of expandInputs([path])) {
    if (item.kind !== 'input') continue;
    const { head } = await peek(item.source.chunks(), SNIFF_BYTES);
    yield { name: item.source.name, head };
  }
}

test('readers: each claims its own samples and no other', async () => {
  const readers = defaultReaders();
  for (const [parts, expected] of SAMPLES) {
    for await (const sample of samples(sharedData(...parts))) {
      // The LSASS zips hold flat Windows JSON and Zeek TSV logs.
      const lsass = /\.log$/.test(sample.name) ? 'zeek-tsv' : 'winevent-flat';
      const want = expected ?? (/LSASS/.test(sample.name) ? lsass : undefined);
      const scores = readers.map((r) => [r.id, r.sniff(sample)] as const).filter(([, s]) => s > 0);
      assert.deepEqual(
        scores.map(([id]) => id),
        want ? [want] : [],
        `${sample.name}: ${JSON.stringify(scores)}`,
      );
    }
  }
});

test('readers: ids are unique and every reader survives empty and binary input', async () => {
  const readers = defaultReaders();
  assert.equal(new Set(readers.map((r) => r.id)).size, readers.length);
  const binary = Buffer.alloc(70_000);
  for (let i = 0; i < binary.length; i += 1) binary[i] = (i * 7919) % 251;
  for (const reader of readers) {
    assert.equal(reader.sniff({ name: 'empty', head: Buffer.alloc(0) }), 0, reader.id);
    assert.equal(
      reader.sniff({ name: 'noise', head: binary.subarray(0, SNIFF_BYTES) }),
      0,
      reader.id,
    );
    const empty = await readWith(reader, bufferSource('empty', ''));
    assert.equal(empty.events.length, 0, reader.id);
    const noise = await readWith(reader, bufferSource('noise', binary));
    assert.equal(noise.events.length, 0, reader.id);
  }
});

test('readers: events carry the reader id and source they came from', async () => {
  const paths: string[][] = [
    ['email', 'phishing_pot', 'email', 'sample-3641.eml'],
    [...ZEEK_JSON, 'SCRANTON_http.log'],
    [...SQUID, 'pipeline', 'test-access.log'],
  ];
  const readers = new Map(defaultReaders().map((r) => [r.id, r]));
  for (const parts of paths) {
    for await (const item of expandInputs([join(sharedData(...parts))])) {
      if (item.kind !== 'input') continue;
      const { head, all } = await peek(item.source.chunks(), SNIFF_BYTES);
      const reader = [...readers.values()].find((r) => r.sniff({ name: '', head }) > 0);
      assert.ok(reader);
      const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };
      for await (const read of reader.read({ ...item.source, chunks: () => all }, context)) {
        if (read.kind !== 'event') continue;
        assert.equal(read.event.lurewatch.format, reader.id);
        assert.equal(read.event.lurewatch.source, reader.source);
        assert.match(read.event.lurewatch.id, /^ev-[0-9a-f]{20}$/);
      }
    }
  }
});
