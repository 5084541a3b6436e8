import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../testing/incident-report.js';
import { renderSummary, textWidth } from './terminal.js';

const ESC = '\u001b';

function tableRows(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(2, lines.indexOf(''));
}

test('the summary lists both incidents with their verdicts, hosts and files', () => {
  const text = renderSummary(sampleReport(), { columns: 160, color: false });
  const rows = tableRows(text);
  assert.equal(rows.length, 2);
  assert.match(rows[0] ?? '', /^escalate\s+critical\s+WS-ALICE\.contoso\.example\s+CONTOSO\\alice/);
  assert.match(rows[0] ?? '', /invoice_4471\.pdf\.exe\s+email\s+2026-11-16 09:10:38Z$/);
  assert.match(rows[1] ?? '', /^dismiss\s+low\s+WS-BOB/);
  assert.ok(text.split('\n')[0]?.startsWith('VERDICT   SEVERITY  HOST'));
  assert.ok(!text.includes('…'), 'nothing is cut when the terminal is wide enough');
});

test('every line fits the terminal, long values are cut with an ellipsis', () => {
  for (const columns of [80, 100]) {
    const text = renderSummary(sampleReport(), { columns, color: false });
    for (const line of text.split('\n')) {
      assert.ok(textWidth(line) <= columns, `${textWidth(line)} > ${columns}: ${line}`);
    }
    assert.match(text, /invoice_4\S*…/);
  }
});

test('verdicts are coloured only when asked, and colour does not change the layout', () => {
  const plain = renderSummary(sampleReport(), { columns: 100, color: false });
  const coloured = renderSummary(sampleReport(), { columns: 100, color: true });
  assert.ok(!plain.includes(ESC));
  assert.ok(coloured.includes(`${ESC}[1;31mescalate`));
  const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '');
  assert.equal(stripped, plain);
});

test('escape sequences inside log values never reach the terminal', () => {
  const report = sampleReport();
  const incident = report.incidents[0];
  assert.ok(incident);
  incident.user = `CONTOSO\\alice${ESC}]0;pwned\u0007${ESC}[2J`;
  const text = renderSummary(report, { columns: 200, color: false });
  assert.ok(!text.includes(ESC));
  assert.ok(!text.includes('\u0007'));
  assert.match(text, /CONTOSO\\alice\ufffd\]0;pwned/);
});

test('the stats line counts inputs, events, skipped records and problems', () => {
  const text = renderSummary(sampleReport(), { columns: 100, color: false });
  assert.equal(text.trimEnd().split('\n').at(-1), '5 inputs, 42 events, 3 skipped, 1 problem');
});

test('a run without incidents says so', () => {
  const report = { ...sampleReport(), incidents: [] };
  const text = renderSummary(report, { columns: 100, color: true });
  assert.ok(text.startsWith('No incidents found.\n'));
  assert.ok(!text.includes(ESC));
});

test('a run with more incidents than rows lists the escalated ones and counts the rest', () => {
  const report = sampleReport();
  const text = renderSummary(report, { columns: 160, color: false, maxRows: 1 });
  const rows = tableRows(text);
  assert.equal(rows.length, 2, 'one incident row and the tally line');
  assert.match(rows[0] ?? '', /^escalate\s+critical\s+WS-ALICE/);
  assert.equal(
    rows[1],
    '… and 1 more incident (1 escalate, 0 review, 1 dismiss in all): ' +
      'see incidents.json in --out, or --format json',
  );
  const all = renderSummary(report, { columns: 160, color: false, maxRows: 2 });
  assert.ok(!all.includes('more incident'), 'nothing is held back when every row fits');
});
