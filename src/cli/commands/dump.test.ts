import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { captureIO as fakeIO } from '../../testing/cli.js';
import { CliExit, type CliIO } from '../io.js';
import { buildProgram } from '../program.js';

async function run(io: CliIO, ...args: string[]): Promise<void> {
  await buildProgram(io).parseAsync(['node', 'lurewatch', ...args]);
}

test('dump prints one evtx_dump JSON object per line', async () => {
  const io = fakeIO();
  await run(io, 'dump', sharedData('evtx', 'parser-samples', 'Security_short_selected.evtx'));
  const golden = readFileSync(
    sharedData('evtx', 'golden', 'parser-samples', 'Security_short_selected.jsonl'),
    'utf8',
  );
  const lines = io.out.join('').split('\n').filter(Boolean);
  assert.deepEqual(
    lines.map((l) => JSON.parse(l) as unknown),
    golden
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown),
  );
  assert.deepEqual(io.err, ['7 records, 0 problems\n']);
});

test('dump output is byte for byte what evtx_dump writes, 64-bit integers included', async () => {
  const sample = 'Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational';
  const io = fakeIO();
  await run(io, 'dump', sharedData('evtx', 'attack-samples', `${sample}.evtx`));
  const golden = readFileSync(
    sharedData('evtx', 'golden', 'attack-samples', `${sample}.jsonl`),
    'utf8',
  );
  assert.match(golden, /:18446744073709551615,/);
  assert.equal(io.out.join(''), golden);
});

test('dump warns about each problem on one line and counts them at the end', async () => {
  const io = fakeIO();
  await run(io, 'dump', sharedData('evtx', 'parser-samples', 'sysmon.evtx'));
  const err = io.err.join('').split('\n').filter(Boolean);
  assert.equal(err.filter((l) => l.startsWith('warning: ')).length, 8);
  assert.equal(err.at(-1), '358 records, 8 problems');
  assert.equal(io.out.join('').split('\n').filter(Boolean).length, 358);
});

test('dump --strict stops at the first problem with a non-zero status', async () => {
  const io = fakeIO();
  await assert.rejects(
    run(io, 'dump', '--strict', sharedData('evtx', 'parser-samples', 'sysmon.evtx')),
    (error: unknown) =>
      error instanceof CliExit && error.exitCode === 1 && /chunk 9/.test(error.message),
  );
});

test('dump --format xml writes each record as XML', async () => {
  const io = fakeIO();
  await run(
    io,
    'dump',
    '--format',
    'xml',
    '--quiet',
    sharedData('evtx', 'parser-samples', 'Security_short_selected.evtx'),
  );
  const text = io.out.join('');
  assert.equal(text.match(/^Record \d+$/gm)?.length, 7);
  assert.match(text, /<Data Name="Application">-<\/Data>/);
  assert.match(text, /<TimeCreated SystemTime="2016-06-29T15:24:34.346000Z">/);
});

test('dump reports a file that is not EVTX', async () => {
  const io = fakeIO();
  await run(io, 'dump', sharedData('evtx', 'golden', 'parser-samples', 'issue_201.jsonl'));
  assert.match(io.err.join(''), /unknown-format: not an EVTX file/);
});
