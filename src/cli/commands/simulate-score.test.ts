import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO } from '../io.js';
import { buildProgram } from '../program.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-cli-sim-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    interactive: false,
    stdoutIsTerminal: false,
    columns: 100,
    env: {},
    cwd: dir,
  };
}

async function cli(args: string[]): Promise<ReturnType<typeof io>> {
  const sink = io();
  await buildProgram(sink).parseAsync(['node', 'lurewatch', ...args]);
  return sink;
}

test('simulate writes logs and truth.json; score reads them back as JSON', async () => {
  const sim = await cli(['simulate', '--users', '12', '--seed', 'cli', '--out', 'sim', '-q']);
  assert.match(sim.out.join(''), /^wrote \d+ events .* and \d+ planted chains/);
  // No incidents at all: every executed lure is missed and nothing is falsely escalated.
  writeFileSync(join(dir, 'none.json'), JSON.stringify({ incidents: [] }));
  const scored = await cli(['score', '--truth', 'sim/truth.json', 'none.json', '--format', 'json']);
  const result = JSON.parse(scored.out.join('')) as {
    recall: number;
    precision: number;
    falseEscalations: number;
    byVariant: Record<string, { recall: number | null }>;
  };
  assert.equal(result.recall, 0);
  assert.equal(result.precision, 1);
  assert.equal(result.falseEscalations, 0);
  assert.equal(result.byVariant['office-macro']?.recall, 0);
  assert.equal(result.byVariant['lookalike-renamed-winword']?.recall, null);
});

test('simulate rejects an unknown variant by name and lists the known ones', async () => {
  await assert.rejects(
    cli(['simulate', '--out', 'x', '--variants', 'office-macro,nope']),
    /unknown variant 'nope'; known: double-extension-exe, office-macro/,
  );
});

test('score says which file is not a truth.json', async () => {
  writeFileSync(join(dir, 'bad.json'), '{"incidents": []}');
  await assert.rejects(cli(['score', '--truth', 'bad.json', 'bad.json']), /bad\.json.*truth\.json/);
});
