import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AhoCorasick } from './aho.js';

test('Aho-Corasick reports every literal occurring in the text, overlapping ones included', () => {
  const automaton = new AhoCorasick([
    ['he', 0],
    ['she', 1],
    ['his', 2],
    ['hers', 3],
    ['\\cmd.exe', 4],
  ]);
  const found = new Set<number>();
  automaton.search('ushers', (id) => found.add(id));
  assert.deepEqual([...found].sort(), [0, 1, 3]);
  found.clear();
  automaton.search('c:\\windows\\cmd.exe /c', (id) => found.add(id));
  assert.deepEqual([...found], [4]);
});
