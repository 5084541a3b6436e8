/**
 * Damaged samples, named after their defect: how many records Lurewatch reads from each and how
 * many problems it reports. The reference's counts (golden/*.jsonl) are the floor; where it
 * stopped at damage, Lurewatch resynchronises on the next record and reads on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { fileSource, readAll } from './testing.js';

const PINNED: { sample: string; records: number; problems: number; reference: number }[] = [
  // Chunks 6 and 10 are zeroed past their first bytes; records inside two chunks are cut.
  { sample: 'sample_with_a_bad_chunk_magic', records: 301, problems: 11, reference: 270 },
  // The string hash table is damaged; names are read where they are referred from.
  { sample: 'security_bad_string_cache', records: 2261, problems: 1, reference: 2261 },
  // A record claims a size of 0; the reference exhausted its memory on it.
  { sample: 'sample-with-zero-data-size-event', records: 449, problems: 2, reference: 0 },
  // Booleans stored as values other than 0 and 1.
  { sample: 'sample-with-irregular-bool-values', records: 3028, problems: 0, reference: 3028 },
  // Written without checksums: every CRC32 mismatches, records still read.
  { sample: 'Application_no_crc32', records: 17, problems: 3, reference: 17 },
  // Recovered from volume shadow copies: stale records past the live ones.
  {
    sample: '2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational',
    records: 1950,
    problems: 31,
    reference: 1910,
  },
  { sample: 'sysmon', records: 358, problems: 8, reference: 358 },
];

for (const pin of PINNED) {
  const title = `damaged sample ${pin.sample}: ${pin.records} records, ${pin.problems} problems`;
  test(title, async () => {
    const path = sharedData('evtx', 'parser-samples', `${pin.sample}.evtx`);
    const { records, problems } = await readAll(fileSource(path));
    assert.equal(records.length, pin.records);
    assert.equal(problems.length, pin.problems);
    assert.ok(records.length >= pin.reference);
    for (const p of problems) {
      assert.equal(p.code, 'bad-evtx');
      assert.match(p.location, /^(file header|chunk \d+)(, record \d+)?, offset 0x[0-9a-f]+$/);
    }
  });
}

test('a zero-size record costs no memory and the records after it are read', async () => {
  const before = process.memoryUsage().rss;
  const path = sharedData('evtx', 'parser-samples', 'sample-with-zero-data-size-event.evtx');
  const { records, problems } = await readAll(fileSource(path));
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
  assert.ok(problems.some((p) => /record size/.test(p.message)));
  // Record ids run on past the damaged record.
  const ids = records.map((r) => r.recordId);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(Math.max(...ids) - Math.min(...ids) >= records.length - 1);
});

test('a file header with a wrong checksum is reported and the chunks still read', async () => {
  const bytes = readFileSync(sharedData('evtx', 'parser-samples', 'Security_short_selected.evtx'));
  bytes[124] = (bytes[124] as number) ^ 0xff;
  const { bufferSource } = await import('./testing.js');
  const { records, problems } = await readAll(bufferSource('flipped', bytes));
  assert.equal(records.length, 7);
  assert.deepEqual(
    problems.map((p) => p.location),
    ['file header, offset 0x7c'],
  );
});
