import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureIO } from '../../testing/cli.js';
import { sharedData } from '../../testing/data.js';
import { CliExit } from '../io.js';
import { buildProgram } from '../program.js';

interface Captured {
  stdout: string;
  stderr: string;
  error?: unknown;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Captured> {
  const io = captureIO(env);
  const out: Captured = { stdout: '', stderr: '' };
  try {
    await buildProgram(io).parseAsync(['node', 'lurewatch', ...args]);
  } catch (error) {
    out.error = error;
  }
  return { ...out, stdout: io.out.join(''), stderr: io.err.join('') };
}

test('investigate on the bundled scenario escalates exactly the emailed invoice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-cli-'));
  try {
    const got = await cli(
      ['investigate', 'examples/scenario', '--out', dir, '--format', 'json', '-q'],
      {
        LUREWATCH_HOME: join(dir, 'home'),
      },
    );
    assert.equal(got.error, undefined);
    // stdout is the JSON document alone; logs never mix into it.
    const report = JSON.parse(got.stdout) as {
      schemaVersion: number;
      incidents: Array<Record<string, unknown>>;
    };
    assert.equal(report.schemaVersion, 1);
    const escalated = report.incidents.filter((i) => i['verdict'] === 'escalate');
    assert.equal(escalated.length, 1);
    const incident = escalated[0] as {
      file: { name: string };
      delivery: { channel: string };
      network: Array<{ ip: string }>;
    };
    assert.equal(incident.file.name, 'invoice_4471.pdf.exe');
    assert.equal(incident.delivery.channel, 'email');
    assert.ok(incident.network.some((n) => n.ip === '203.0.113.50'));
    for (const name of ['incidents.json', 'report.md', 'report.html']) {
      const path = join(dir, name);
      assert.ok(existsSync(path), name);
      assert.equal(statSync(path).mode & 0o111, 0, `${name} is not executable`);
    }
    assert.deepEqual(
      JSON.parse(readFileSync(join(dir, 'incidents.json'), 'utf8')).incidents.length,
      report.incidents.length,
    );
    assert.ok(existsSync(join(dir, 'home', 'cases.db')), 'case store created in LUREWATCH_HOME');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown input format is refused with the list of formats', async () => {
  const got = await cli([
    'investigate',
    'examples/scenario',
    '--input-format',
    'pcap',
    '--no-store',
  ]);
  assert.ok(got.error instanceof CliExit);
  assert.equal(got.error.exitCode, 2);
  assert.match(got.error.message, /unknown format 'pcap'; known formats: .*evtx-json/);
});

test('--strict turns the first problem into a non-zero exit naming input and location', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-strict-'));
  try {
    const bad = join(dir, 'bad.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      bad,
      '{"EventID":1,"Channel":"Security","@timestamp":"2026-01-01T00:00:00Z"}\n{oops\n',
    );
    const got = await cli(['investigate', bad, '--strict', '--no-store', '-q']);
    assert.ok(got.error instanceof CliExit);
    assert.equal(got.error.exitCode, 1);
    assert.match(got.error.message, /bad\.json \(line 2\): bad-json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('investigate logs the clock offset it estimated; --no-clock-estimate stops it', async () => {
  const lsass = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');
  const estimated = await cli(['investigate', lsass, '--no-store', '--format', 'json']);
  assert.equal(estimated.error, undefined);
  assert.match(
    estimated.stderr,
    /applied estimated clock offset source=zeek-tsv offsetMs=-684\d{5}/,
  );
  const report = JSON.parse(estimated.stdout) as { stats: { clocks?: unknown[] } };
  assert.equal(report.stats.clocks?.length, 1);

  const off = await cli(['investigate', lsass, '--no-store', '--no-clock-estimate', '-f', 'json']);
  assert.equal(off.error, undefined);
  assert.doesNotMatch(off.stderr, /clock offset/);
  assert.equal((JSON.parse(off.stdout) as { stats: { clocks?: unknown } }).stats.clocks, undefined);
});
