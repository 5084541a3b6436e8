import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultReaders } from '../../read/formats/index.js';
import type { CliIO } from '../io.js';
import { buildProgram } from '../program.js';

async function runCli(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    interactive: false,
    stdoutIsTerminal: false,
    columns: 100,
    env: {},
    cwd: process.cwd(),
  };
  await buildProgram(io).parseAsync(['node', 'lurewatch', ...args]);
  return { out, err };
}

test('sources: every reader is listed with its source kind and signature', async () => {
  const { out } = await runCli(['sources']);
  for (const reader of defaultReaders()) {
    assert.match(out, new RegExp(`^${reader.id} +${reader.source} +`, 'm'));
    assert.ok(out.includes(`e.g. ${reader.signature}`), `signature of ${reader.id}`);
  }
});

test('sources --format json: one object per reader, sorted by id', async () => {
  const { out } = await runCli(['sources', '--format', 'json']);
  const rows = JSON.parse(out) as Array<{ id: string; source: string; signature: string }>;
  const ids = defaultReaders()
    .map((r) => r.id)
    .sort();
  assert.deepEqual(
    rows.map((r) => r.id),
    ids,
  );
  assert.ok(rows.every((r) => r.signature.length > 0 && r.source.length > 0));
  assert.ok(ids.includes('m365-defender-csv') && ids.includes('zscaler-json'));
});

test('sources --format markdown: a row per reader; unknown formats refused', async () => {
  const { out } = await runCli(['sources', '--format', 'markdown']);
  assert.equal(out.trim().split('\n').length, defaultReaders().length + 2);
  assert.match(out, /^\| `squid-extended` \| proxy \|/m);
  await assert.rejects(runCli(['sources', '--format', 'xml']), /table, json, markdown/);
});
