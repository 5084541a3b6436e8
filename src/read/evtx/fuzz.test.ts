/**
 * Mutates real samples (truncation, bit flips, zeroed ranges) and checks that the reader never
 * throws, never hangs and never holds on to memory: every round must finish within a time
 * bound and yield no more records than the bytes could hold. The generator is seeded, so a
 * failing round can be replayed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readAll } from './testing.js';

/** Header block plus the first two chunks of a sample: enough structure, quick to read. */
function specimen(...parts: string[]): Buffer {
  return readFileSync(sharedData('evtx', ...parts)).subarray(0, 4096 + 2 * 65536);
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const SPECIMENS = [
  specimen('parser-samples', 'security.evtx'),
  specimen('parser-samples', 'sysmon.evtx'),
  specimen('parser-samples', 'MSExchange_Management_wec.evtx'),
];
const TIME_BOUND_MS = 3000;

async function survive(name: string, bytes: Buffer): Promise<void> {
  const started = Date.now();
  const { records, problems } = await readAll(bufferSource(name, bytes, 7001));
  const took = Date.now() - started;
  assert.ok(took < TIME_BOUND_MS, `${name} took ${took} ms`);
  // A record takes at least 28 bytes; anything more would be invented.
  assert.ok(records.length <= bytes.length / 28, `${name}: ${records.length} records`);
  for (const p of problems) assert.equal(p.code, 'bad-evtx');
}

test('truncated anywhere: no exception, every record before the cut', async () => {
  for (const [i, bytes] of SPECIMENS.entries()) {
    const whole = (await readAll(bufferSource('whole', bytes))).records.length;
    let previous = 0;
    for (let cut = 0; cut <= bytes.length; cut += 3331) {
      const { records } = await readAll(
        bufferSource(`specimen ${i} cut at ${cut}`, bytes.subarray(0, cut)),
      );
      assert.ok(records.length >= previous, `cut at ${cut} lost records read from a shorter cut`);
      previous = records.length;
    }
    assert.ok(previous <= whole);
  }
});

test('bit flips and zeroed ranges: no exception, no hang, bounded memory', async () => {
  const random = prng(0x5eed);
  const start = process.memoryUsage().rss;
  for (let round = 0; round < 90; round++) {
    const source = SPECIMENS[round % SPECIMENS.length] as Buffer;
    const bytes = Buffer.from(source);
    if (round % 3 === 2) {
      const at = Math.floor(random() * bytes.length);
      bytes.fill(0, at, Math.min(bytes.length, at + 1 + Math.floor(random() * 4096)));
    } else {
      // Flips concentrated in one chunk hit headers, templates and values alike.
      const chunks = Math.max(1, Math.floor((bytes.length - 4096) / 65536));
      const base = 4096 + Math.floor(random() * chunks) * 65536;
      for (let i = 0; i < 24; i++) {
        const at = Math.min(bytes.length - 1, base + Math.floor(random() * 65536));
        bytes[at] = (bytes[at] as number) ^ (1 << Math.floor(random() * 8));
      }
    }
    await survive(`round ${round}`, bytes);
  }
  assert.ok(process.memoryUsage().rss - start < 300 * 1024 * 1024);
});
