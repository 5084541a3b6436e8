import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { defaultRegistry } from '../read/formats/index.js';
import { expandInputs } from '../read/inputs.js';
import { sharedData } from '../testing/data.js';
import { investigate } from './run.js';

const LSASS_01 = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');

async function* linesOf(member: RegExp): AsyncIterable<string> {
  for await (const item of expandInputs([LSASS_01])) {
    if (item.kind !== 'input' || !member.test(item.source.name)) continue;
    yield* createInterface({ input: Readable.from(item.source.chunks()), crlfDelay: Infinity });
  }
}

/**
 * The host-to-Zeek offset straight from the raw records: every TCP five-tuple that Sysmon
 * logged once (event 3) and Zeek's conn.log logged once, host record time minus Zeek `ts`,
 * and the median of those differences.
 */
async function offsetFromRawRecords(): Promise<{ median: number; pairs: number }> {
  const zeek = new Map<string, number[]>();
  for await (const line of linesOf(/conn\.log$/)) {
    if (line.startsWith('#')) continue;
    const [ts, , origH, origP, respH, respP, proto] = line.split('\t');
    if (proto !== 'tcp') continue;
    const key = `${origH}|${origP}|${respH}|${respP}`;
    zeek.set(key, [...(zeek.get(key) ?? []), Number(ts) * 1000]);
  }
  const host = new Map<string, number[]>();
  for await (const line of linesOf(/\.json$/)) {
    if (!line.includes('"EventID":3,') || !line.includes('Sysmon/Operational')) continue;
    const r = JSON.parse(line) as Record<string, string>;
    if (r['Protocol'] !== 'tcp') continue;
    const key = `${r['SourceIp']}|${r['SourcePort']}|${r['DestinationIp']}|${r['DestinationPort']}`;
    host.set(key, [...(host.get(key) ?? []), Date.parse(r['@timestamp']!)]);
  }
  const diffs: number[] = [];
  for (const [key, times] of host) {
    const seen = zeek.get(key);
    if (times.length === 1 && seen?.length === 1) diffs.push(times[0]! - seen[0]!);
  }
  diffs.sort((a, b) => a - b);
  return { median: diffs[Math.floor(diffs.length / 2)]!, pairs: diffs.length };
}

test('LSASS_campaign_01: the Zeek clock is estimated and the download joins on it', async () => {
  const expected = await offsetFromRawRecords();
  assert.ok(expected.pairs >= 10, `${expected.pairs} raw pairs`);
  assert.ok(Math.abs(expected.median + 19 * 3600_000) < 60_000, 'about 19 hours behind');

  const { report } = await investigate({
    inputs: [LSASS_01],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
  });
  const zeek = report.stats.clocks?.find((c) => c.source === 'zeek-tsv');
  assert.ok(zeek, 'an estimate for the Zeek logs');
  assert.equal(zeek.applied, true);
  assert.ok(Math.abs(zeek.offsetMs - expected.median) < 60_000, `${zeek.offsetMs}`);
  assert.ok(zeek.pairs >= 3 && zeek.agreeing >= 3);
  assert.ok(zeek.matchedBy.includes('five-tuple'));

  const incident = report.incidents.find((i) => i.verdict === 'escalate')!;
  const payload = incident.chain.find(
    (l) =>
      l.stage === 'delivery' &&
      l.source === 'proxy' &&
      /10\.0\.5\.13 .*application\/x-dosexec 7168 bytes/.test(l.summary),
  );
  assert.ok(payload, 'the Zeek record of the payload download');
  assert.equal(payload.clockOffsetSource, 'estimated');
  assert.equal(payload.clockOffsetMs, zeek.offsetMs);
});

test('LSASS_campaign_01: a configured offset wins over the estimate', async () => {
  const hours19 = -19 * 3600_000;
  const { report } = await investigate({
    inputs: [LSASS_01],
    registry: defaultRegistry(),
    settings: withSettings({ clockOffsets: { 'zeek-tsv': hours19 } }),
    logger: silentLogger,
  });
  assert.equal(report.stats.clocks?.find((c) => c.source === 'zeek-tsv')?.applied, false);
  const incident = report.incidents.find((i) => i.verdict === 'escalate')!;
  const wire = incident.chain.filter((l) => l.source === 'proxy');
  assert.ok(wire.length > 0);
  assert.ok(wire.every((l) => l.clockOffsetMs === hours19 && l.clockOffsetSource === 'configured'));
});
