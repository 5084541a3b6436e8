import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { tempDir } from '../../testing/temp.js';
import { captureIO } from '../../testing/cli.js';
import { buildProgram } from '../program.js';

interface Run {
  stdout: string;
  stderr: string;
  /** What the command threw (a `CliExit` carries the exit code), if anything. */
  error?: unknown;
}

/** Runs the CLI in process and keeps what it wrote. */
async function attempt(args: string[]): Promise<Run> {
  const io = captureIO();
  const result: Run = { stdout: '', stderr: '' };
  try {
    await buildProgram({ ...io, cwd: process.cwd() }).parseAsync(['node', 'lurewatch', ...args]);
  } catch (error) {
    result.error = error;
  }
  return { ...result, stdout: io.out.join(''), stderr: io.err.join('') };
}

async function run(args: string[]): Promise<Run> {
  const result = await attempt(args);
  if (result.error) throw result.error;
  return result;
}

const ISO_MAIL = sharedData('email', 'phishing_pot', 'email', 'sample-1266.eml');
const EXE_SHA256 = 'f74d3364ef9d3e3df4173a7f12d48348af44bf150c0ffcd01f0054e86ebb7e0e';

describe('lurewatch analyze', () => {
  it('prints the JSON contract', async () => {
    const { stdout } = await run(['analyze', '--format', 'json', ISO_MAIL]);
    const report = JSON.parse(stdout);
    assert.equal(report.schemaVersion, 1);
    const [item] = report.items;
    assert.equal(item.input, ISO_MAIL);
    assert.equal(
      item.message.subject,
      'FW: Due Invoice Payment - protonmail.com - Wire Transfer Document',
    );
    assert.equal(item.message.hops[0].ip, '213.227.154.65');
    const exe = item.files[0].children[0];
    assert.equal(exe.sha256, EXE_SHA256);
    assert.equal(exe.path, 'quotation.iso/makave (2)_protected_68A4BB0.exe');
    for (const key of [
      'name',
      'path',
      'sha256',
      'md5',
      'size',
      'detectedType',
      'findings',
      'children',
    ]) {
      assert.ok(key in exe, key);
    }
  });

  it('prints a readable tree and analyses every message of a folder', async () => {
    const { stdout } = await run(['analyze', sharedData('email', 'pymisp')]);
    assert.match(stdout, /mail_3\.eml/);
    assert.match(stdout, /- "attachment\.txt" text/);
  });

  it('reports an unreadable input and still analyses the others', async () => {
    const missing = '/nonexistent/lurewatch-input.eml';
    const { stdout, stderr, error } = await attempt(['analyze', missing, ISO_MAIL]);
    assert.equal((error as { exitCode?: number }).exitCode, 66);
    assert.match(
      stderr,
      /input not analysed input=\/nonexistent\/lurewatch-input\.eml reason=ENOENT/,
    );
    assert.match(stdout, /quotation\.iso/);
  });

  it('extracts members without an execute bit', async (t) => {
    const out = join(await tempDir(t, 'cli'), 'case');
    await run(['analyze', '--extract', out, ISO_MAIL]);
    const exe = join(out, 'quotation.iso', 'makave (2)_protected_68A4BB0.exe.bin');
    assert.equal((await stat(exe)).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(out)).sort(), ['quotation.iso', 'quotation.iso.bin']);
  });

  it('scans with YARA rules and rejects rules that do not compile', async (t) => {
    const dir = await tempDir(t, 'yara');
    const rules = join(dir, 'rules.yar');
    await writeFile(
      rules,
      'rule vb6_exe { meta: severity = "critical" strings: $a = "MSVBVM60.DLL" nocase ' +
        'condition: uint16(0) == 0x5a4d and $a }',
    );
    const { stdout } = await run(['analyze', '--format', 'json', '--yara', rules, ISO_MAIL]);
    const exe = JSON.parse(stdout).items[0].files[0].children[0];
    const match = exe.findings.find((f: { id: string }) => f.id === 'yara:vb6_exe');
    assert.equal(match?.severity, 'critical');

    const broken = join(dir, 'broken.yar');
    await writeFile(broken, 'rule broken { condition: nonsense_identifier }');
    await assert.rejects(run(['analyze', '--yara', broken, ISO_MAIL]), /--yara/);
  });
});
