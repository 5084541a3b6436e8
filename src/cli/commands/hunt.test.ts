import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { PROJECT_ROOT, SHARED_DATA, sharedData } from '../../testing/data.js';
import { captureIO } from '../../testing/cli.js';
import { buildProgram } from '../program.js';

async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const io = captureIO();
  const saved = process.exitCode;
  await buildProgram(io).parseAsync(['node', 'lurewatch', ...args]);
  process.exitCode = saved;
  return { stdout: io.out.join(''), stderr: io.err.join('') };
}

const LURE_RULES = join(PROJECT_ROOT, 'rules', 'lurewatch');

test('rules check --format json lists each rejected rule with file, line and reason', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lw-rules-'));
  const good = 'title: ok\nlogsource:\n  category: x\ndetection:\n  s:\n    A: 1\n  condition: s\n';
  await writeFile(join(dir, 'good.yml'), good);
  await writeFile(
    join(dir, 'bad.yml'),
    `${good}---\ntitle: bad\nlogsource:\n  category: x\n` +
      'detection:\n  s:\n    A|nope: 1\n  condition: s\n',
  );
  const { stdout } = await run('rules', 'check', '--format', 'json', dir);
  const report = JSON.parse(stdout) as {
    loaded: number;
    rejected: { file: string; line: number; reason: string }[];
  };
  assert.equal(report.loaded, 2);
  // bad.yml line 13 is the search `s` holding the unknown modifier.
  assert.deepEqual(
    report.rejected.map((r) => [r.file, r.line]),
    [[join(dir, 'bad.yml'), 13]],
  );
  assert.match(report.rejected[0]?.reason ?? '', /^s: unknown modifier 'nope'/);
});

test('Lurewatch rules all load', async () => {
  const { stdout } = await run('rules', 'check', LURE_RULES);
  assert.match(stdout, /^loaded 6 rules \(1 correlation\), rejected 0$/m);
});

test('hunt finds the download-then-run and the double-extension lure (OTRF)', async () => {
  const input = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02');
  const { stdout } = await run('hunt', '-q', '-r', LURE_RULES, '--format', 'jsonl', input);
  const alerts = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const titles = alerts.map((a) => `${String(a['kind'])}: ${String(a['title'])}`).sort();
  assert.deepEqual(titles, [
    'correlation: ' +
      'File Written to a User Folder by a Browser, Archive Tool or Office, Then Executed',
    'detection: Program Disguised as an Image by a Double Extension',
    'detection: Program Disguised as an Image by a Double Extension',
  ]);
  const detection = alerts.find((a) => a['kind'] === 'detection') as Record<string, unknown>;
  assert.equal(detection['author'], 'Lurewatch');
  assert.match(String(detection['input']), /metasploit_procdump_lsass_memory_dump\.zip!\//);
  assert.match(String(detection['location']), /^line \d+$/);
  assert.deepEqual(Object.keys(detection['fields'] as object), ['Image']);
  assert.match(String((detection['fields'] as { Image: string }).Image), /happy_image\.jpeg\.exe$/);
  const correlation = alerts.find((a) => a['kind'] === 'correlation') as Record<string, unknown>;
  assert.deepEqual((correlation['fields'] as { Computer: string }).Computer, 'ACCT01.pandalab.com');
});

test('hunt keeps the author of SigmaHQ rules and honours --min-level and csv', async () => {
  const rules = sharedData('sigma', 'rules', 'windows', 'process_creation');
  const input = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02');
  const { stdout } = await run(
    'hunt',
    '-q',
    '-r',
    rules,
    '--min-level',
    'high',
    '--format',
    'csv',
    input,
  );
  const [header, ...rows] = stdout.trim().split('\n');
  assert.equal(header, 'time,level,rule_id,title,author,tags,input,location,fields');
  assert.ok(rows.length > 0);
  for (const row of rows) assert.match(row, /^[^,]+,(high|critical),[0-9a-f-]{36},/);
  assert.ok(
    rows.every((row) => !row.includes(',,')),
    'every SigmaHQ alert names its author',
  );
});

test('rules check resolves placeholders from a file and names dangling correlations', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lw-rules-'));
  const rule =
    'title: admins\nname: admins\nlogsource:\n  category: x\n' +
    "detection:\n  s:\n    User|expand: '%admins%'\n  condition: s\n";
  const dangling =
    'title: corr\ncorrelation:\n  type: event_count\n  rules: [admins, nowhere]\n' +
    '  timespan: 5m\n  condition:\n    gte: 2\n';
  await writeFile(join(dir, 'rule.yml'), `${rule}---\n${dangling}`);
  await writeFile(join(dir, 'values.yaml.txt'), 'admins: [alice, bob]\n');

  const without = await run('rules', 'check', '--format', 'json', join(dir, 'rule.yml'));
  const reasons = (JSON.parse(without.stdout) as { rejected: { reason: string }[] }).rejected;
  assert.deepEqual(
    reasons.map((r) => r.reason),
    [
      's: unknown placeholder %admins%: give it values in a placeholders file',
      'correlation: no loaded rule has the id or name admins, nowhere',
    ],
  );
  const placeholders = join(dir, 'values.yaml.txt');
  const args = ['rules', 'check', '--format', 'json', '--placeholders', placeholders];
  const withValues = await run(...args, join(dir, 'rule.yml'));
  const report = JSON.parse(withValues.stdout) as {
    loaded: number;
    rejected: { reason: string }[];
  };
  assert.equal(report.loaded, 1);
  assert.deepEqual(
    report.rejected.map((r) => r.reason),
    ['correlation: no loaded rule has the id or name nowhere'],
  );
});

test('hunt --workers 2 reports the same alerts as one thread, correlations included', async () => {
  const inputs = ['LSASS_campaign_01', 'LSASS_campaign_02'].map((name) =>
    sharedData('otrf', 'datasets', 'compound', name),
  );
  const args = ['hunt', '-q', '-r', LURE_RULES, '--format', 'jsonl'];
  const single = await run(...args, ...inputs);
  const parallel = await run(...args, '--workers', '2', ...inputs);
  // A temporal correlation whose later rule matches twice (4688 and Sysmon 1 of the same
  // start) may report either match as its firing event, depending on when the workers' matches
  // reach the main thread; the alert itself, its group and its first event must not change.
  const alerts = (text: string): string[] =>
    text
      .trim()
      .split('\n')
      .map((line) => {
        const alert = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(alert['kind'] === 'correlation' ? { ...alert, time: '' } : alert);
      })
      .sort();
  assert.ok(single.stdout.includes('"kind":"correlation"'));
  assert.deepEqual(alerts(parallel.stdout), alerts(single.stdout));
});

test('hunt table output on the OTRF double-extension campaign matches its golden', async () => {
  // Golden content checked by hand: happy_image.jpeg.exe started by explorer (Security 4688,
  // then Sysmon 1), and Edge's download of it at 05:34:32.901 correlated with that start.
  const input = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02');
  const { stdout } = await run('hunt', '-q', '-r', LURE_RULES, input);
  const golden = join(PROJECT_ROOT, 'src', 'cli', 'commands', 'golden');
  const expected = await readFile(join(golden, 'hunt-lurewatch-lsass-campaign-02.txt'), 'utf8');
  assert.equal(stdout.split(`${SHARED_DATA}/`).join('<shared>/'), expected);
});
