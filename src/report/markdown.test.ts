import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../testing/data.js';
import { addIntel, sampleReport } from '../testing/incident-report.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';

// tsc does not copy fixtures into dist/, so they are read from the source tree.
const GOLDEN = join(PROJECT_ROOT, 'src', 'report', 'fixtures', 'escalated-and-dismissed.md');

/** Cells of a Markdown table row, split on the pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The rows (header and rule excluded) of the first table after a heading. */
function tableAfter(markdown: string, heading: string, from = 0): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading, from);
  assert.ok(start !== -1, `missing ${heading}`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break;
  }
  return rows.slice(2).map(cells);
}

test('report.md matches the golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
  const markdown = renderMarkdown(sampleReport());
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, markdown);
  assert.equal(markdown, readFileSync(GOLDEN, 'utf8'));
});

test('the chain table has one row per link, with stage, time, source and evidence', () => {
  const markdown = renderMarkdown(sampleReport());
  const rows = tableAfter(markdown, '### Chain');
  assert.deepEqual(
    rows.map((row) => row[0]),
    ['delivery', 'file-written', 'execution', 'child-process', 'network'],
  );
  for (const row of rows) assert.equal(row.length, 6, row.join(' | '));
  assert.deepEqual(rows[2]?.slice(1, 3), ['2026-11-16 09:13:02Z', 'edr']);
  assert.equal(rows[1]?.[4], 'ev-2b3c4d5e6f7081920314, ev-3c4d5e6f708192031425');
});

test('hostile names are escaped: no raw tag, no split cell, no open code span', () => {
  const markdown = renderMarkdown(sampleReport());
  assert.ok(!/(?<!\\)<img/.test(markdown), 'no unescaped <img');
  assert.ok(!/(?<!\\)<script/.test(markdown), 'no unescaped <script');
  assert.ok(markdown.includes('\\<img src=x onerror=alert\\(1\\)\\>.exe'));

  const second = markdown.indexOf('## 2. ');
  const chain = tableAfter(markdown, '### Chain', markdown.slice(0, second).split('\n').length);
  assert.equal(chain.length, 1);
  assert.equal(chain[0]?.length, 6, 'the | in "team|`q3`.zip" did not split the cell');
  assert.ok(chain[0]?.[3]?.includes('team\\|\\`q3\\`.zip'));
});

test('the four questions, checklist, timeline and problems are all there', () => {
  const markdown = renderMarkdown(sampleReport());
  const questions = tableAfter(markdown, '### Questions');
  assert.deepEqual(
    questions.map((row) => row[1]),
    ['**yes**', '**unknown**', '**no**', '**yes**'],
  );
  assert.match(markdown, /- \[x\] \*\*Identify the file/);
  assert.match(markdown, /- \[ \] \*\*Isolate the host and block the C2 address\*\* \(open\)/);
  assert.equal(tableAfter(markdown, '### Timeline (±30 minutes)').length, 4);
  const problems = tableAfter(markdown, '## Problems');
  assert.deepEqual(problems[0]?.slice(0, 3), [
    'scenario/proxy/access.log',
    'line 13',
    'bad-record',
  ]);
});

test('escapeMarkdown shows hidden characters and breaks autolinks', () => {
  assert.equal(escapeMarkdown('report\u202Eexe.txt'), 'report\\<U\\+202E\\>exe.txt');
  assert.equal(escapeMarkdown('https://evil.example/x'), 'https\\://evil.example/x');
  assert.equal(escapeMarkdown('www.evil.example'), 'www\\.evil.example');
  assert.equal(escapeMarkdown('two\nlines'), 'two lines');
  assert.equal(
    escapeMarkdown('*bold* _it_ [l](u) ~s~ $m$ &amp;'),
    '\\*bold\\* \\_it\\_ \\[l\\]\\(u\\) \\~s\\~ \\$m\\$ \\&amp;',
  );
});

test('clock estimates get a table, and an estimated offset is named as such in the chain', () => {
  const report = sampleReport();
  const link = report.incidents[0]!.chain[0]!;
  link.clockOffsetMs = -68_401_945;
  link.clockOffsetSource = 'estimated';
  report.stats.clocks = [
    {
      source: 'zeek-tsv',
      offsetMs: -68_401_945,
      pairs: 36,
      agreeing: 34,
      spreadMs: 5716,
      matchedBy: ['five-tuple'],
      applied: true,
      reason: '34 of 36 pairs agree within 30000 ms',
    },
  ];
  const markdown = renderMarkdown(report);
  const [row] = tableAfter(markdown, '## Clocks');
  assert.deepEqual(row?.slice(0, 5), ['zeek-tsv', '-68401945', '34 of 36', '5716', 'yes']);
  assert.match(markdown, /estimated clock offset -68401945 ms/);
  assert.ok(!renderMarkdown(sampleReport()).includes('## Clocks'), 'no table without estimates');
});

test('matched intel and live look-ups get their own section; none without them', () => {
  const report = sampleReport();
  const incident = report.incidents[0]!;
  assert.ok(!renderMarkdown(report).includes('### Threat intelligence'));
  addIntel(
    incident,
    {
      type: 'sha256',
      value: 'e9196b87'.padEnd(64, '0'),
      source: 'misp:5f0c',
      attribution: 'campaign FIN-Example | spring',
    },
    {
      connector: 'virustotal',
      type: 'domain',
      value: 'evil.example',
      status: 'failed',
      detail: 'quota',
    },
  );
  const markdown = renderMarkdown(report);
  const rows = tableAfter(markdown, '### Threat intelligence');
  assert.deepEqual(rows, [
    [
      'sha256',
      'e9196b87'.padEnd(64, '0'),
      'misp:5f0c',
      'campaign FIN-Example \\| spring',
      'seen in the incident',
    ],
  ]);
  const lookups = tableAfter(markdown, 'Live look-ups:');
  assert.deepEqual(lookups, [['virustotal', 'domain', 'evil.example', 'failed: quota']]);
});
