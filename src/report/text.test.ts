import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clip, displayTime, displayValue, visible } from './text.js';

test('invisible and control characters are made visible', () => {
  assert.equal(visible('invoice\u202Efdp.exe'), 'invoice<U+202E>fdp.exe');
  assert.equal(visible('a\u200Bb\uFEFFc\u034F.RTF'), 'a<U+200B>b<U+FEFF>c<U+034F>.RTF');
  assert.equal(visible('bell\u0007esc\u001b[31m'), 'bell\ufffdesc\ufffd[31m');
  assert.equal(visible('plain ünïcödé 日本'), 'plain ünïcödé 日本');
});

test('values are put on one line and cut at the limit with an ellipsis', () => {
  assert.equal(displayValue('line one\r\nline two\tend'), 'line one line two end');
  assert.equal(displayValue('abcdef', 4), 'abc…');
  assert.equal(displayValue('abcd', 4), 'abcd');
  assert.equal(clip('😀😀😀', 2), '😀…', 'cuts between code points, not inside one');
  const huge = 'x'.repeat(5_000_000);
  assert.equal(displayValue(huge).length, 400);
});

test('times are shown to the second in UTC; anything else as it came', () => {
  assert.equal(displayTime('2026-11-16T09:13:02.530Z'), '2026-11-16 09:13:02Z');
  assert.equal(displayTime('2026-11-16T09:13:02Z'), '2026-11-16 09:13:02Z');
  assert.equal(displayTime('yesterday'), 'yesterday');
});
