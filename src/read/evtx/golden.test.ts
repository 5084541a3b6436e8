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

/**
 * Checks that the golden lines of every sample appear, in order, among what Lurewatch yields,
 * compared with `same`; returns how many were compared.
 */
async function conform(
  mode: 'json' | 'json-text',
  same: (got: unknown, line: string) => boolean,
): Promise<number> {
  const samples = evtxSamples();
  assert.ok(samples.length >= 290, `found ${samples.length} samples`);
  let compared = 0;
  for (const sample of samples) {
    const goldenPath = golden(sample, '.jsonl');
    if (!existsSync(goldenPath)) continue;
    const lines = readFileSync(goldenPath, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    const { records, problems } = await readAll(fileSource(sharedData('evtx', sample)), {
      render: mode,
    });
    const allowed = new Set(known.filter((k) => k.file === sample).map((k) => k.line));

    let at = 0;
    lines.forEach((line, index) => {
      let found = at;
      while (found < records.length && !same(records[found]?.value, line)) found++;
      if (found === records.length) {
        assert.ok(allowed.has(index), `${sample}: golden line ${index + 1} not matched`);
        return;
      }
      at = found + 1;
      compared++;
    });

    if (existsSync(golden(sample, '.stderr'))) {
      assert.ok(problems.length > 0, `${sample}: the reference complained, Lurewatch did not`);
    }
  }
  return compared;
}

test('every record evtx_dump rendered is the same JSON value, in order', async () => {
  const compared = await conform('json', (got, line) => isDeepStrictEqual(got, JSON.parse(line)));
  assert.ok(compared > 26_000, `compared ${compared} records`);
});

test('and serialised, the same text byte for byte', async () => {
  const compared = await conform('json-text', (got, line) => got === line);
  assert.ok(compared > 26_000, `compared ${compared} records`);
});

test('known differences are documented with a reason', () => {
  for (const k of known) assert.ok(k.reason.length > 10, `${k.file}:${k.line} needs a reason`);
});
