import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGREE_MS, estimateOffset } from './estimate.js';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test('recovers a known offset from jittered pairs to within a second', () => {
  const next = random(7);
  const trueOffset = -19 * 3600_000 + 4_321;
  // Each pair: the host writes its record 0-5 s after the sensor saw the event.
  const diffs = Array.from({ length: 40 }, () => trueOffset + Math.round(next() * 5000));
  const found = estimateOffset(diffs)!;
  assert.ok(Math.abs(found.offsetMs - (trueOffset + 2500)) < 1000, `${found.offsetMs}`);
  assert.equal(found.pairs, 40);
  assert.equal(found.agreeing, 40);
  assert.ok(found.spreadMs <= 2500);
  assert.equal(found.strong, true);
});

test('a few false matches move neither the value nor the verdict', () => {
  const diffs = [...Array.from({ length: 20 }, (_, i) => 3600_000 + i * 100), -5 * 3600_000, 42];
  const found = estimateOffset(diffs)!;
  assert.ok(Math.abs(found.offsetMs - 3601_000) <= 100);
  assert.equal(found.agreeing, 20);
  assert.equal(found.strong, true);
});

test('one pair, however exact, is not enough', () => {
  const found = estimateOffset([-68_400_000])!;
  assert.equal(found.offsetMs, -68_400_000);
  assert.equal(found.strong, false);
  assert.match(found.reason, /1 agreeing pair/);
});

test('pairs that disagree by hours are weak support', () => {
  const found = estimateOffset([0, 3600_000, 7200_000, 10_800_000, 14_400_000])!;
  assert.equal(found.strong, false);
  assert.ok(found.agreeing < 3);
});

test('agreeing pairs diluted by many that disagree are weak support', () => {
  const close = [1000, 1200, 1400, 1600];
  const far = [AGREE_MS * 10, AGREE_MS * 20, -AGREE_MS * 10];
  const found = estimateOffset([...close, ...far])!;
  assert.equal(found.agreeing, 4);
  assert.equal(found.strong, false);
  assert.match(found.reason, /only 4 of 7/);
});

test('no pairs, no estimate', () => {
  assert.equal(estimateOffset([]), undefined);
});
