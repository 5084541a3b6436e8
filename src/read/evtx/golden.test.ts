/**
 * Conformance with the reference: for every EVTX in the shared corpus, every record that
 * evtx_dump 0.9.0 rendered (golden/*.jsonl) comes out of Lurewatch as the same JSON value, in
 * the same order. Lurewatch may yield more (it resynchronises after damage the reference stops
 * at); where the reference complained (.stderr), Lurewatch must report problems too.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { sharedData } from '../../testing/data.js';
import { evtxSamples, fileSource, readAll } from './testing.js';

interface KnownDifference {
  file: string;
  /** Zero-based line of the golden file. */
  line: number;
  reason: string;
}

const known = JSON.parse(
  readFileSync(new URL('../../../src/read/evtx/known-differences.json', import.meta.url), 'utf8'),
) as KnownDifference[];

function golden(sample: string, ext: string): string {
  return join(sharedData('evtx', 'golden'), sample.replace(/\.evtx$/, ext));
}

test('every record evtx_dump rendered is rendered the same, in order', async () => {
  const samples = evtxSamples();
  assert.ok(samples.length >= 290, `found ${samples.length} samples`);
  let compared = 0;
  for (const sample of samples) {
    const goldenPath = golden(sample, '.jsonl');
    if (!existsSync(goldenPath)) continue;
    const expected = readFileSync(goldenPath, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as unknown);
    const { records, problems } = await readAll(fileSource(sharedData('evtx', sample)));
    const got = records.map((r) => JSON.parse(JSON.stringify(r.value)) as unknown);
    const allowed = new Set(known.filter((k) => k.file === sample).map((k) => k.line));

    // Golden records must appear as a subsequence of ours.
    let at = 0;
    expected.forEach((value, line) => {
      let found = at;
      while (found < got.length && !isDeepStrictEqual(got[found], value)) found++;
      if (found === got.length) {
        assert.ok(allowed.has(line), `${sample}: golden line ${line + 1} not matched`);
        return;
      }
      at = found + 1;
      compared++;
    });

    if (existsSync(golden(sample, '.stderr'))) {
      assert.ok(problems.length > 0, `${sample}: the reference complained, Lurewatch did not`);
    }
  }
  assert.ok(compared > 26_000, `compared ${compared} records`);
});

test('known differences are documented with a reason', () => {
  for (const k of known) assert.ok(k.reason.length > 10, `${k.file}:${k.line} needs a reason`);
});
