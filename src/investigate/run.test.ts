import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { defaultRegistry } from '../read/formats/index.js';
import { PROJECT_ROOT, sharedData } from '../testing/data.js';
import { investigate, investigateToDisk } from './run.js';

const LSASS_01 = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');
const LSASS_02 = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02');

async function run(inputs: string[], extra: Partial<Parameters<typeof investigate>[0]> = {}) {
  return investigate({
    inputs,
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    ...extra,
  });
}

test('LSASS_campaign_01: one escalation, the payload, its C2 and its discovery', async () => {
  const { report } = await run([LSASS_01]);
  assert.ok(report.stats.events > 53_000, `read ${report.stats.events} events`);
  const escalated = report.incidents.filter((i) => i.verdict === 'escalate');
  assert.equal(escalated.length, 1);
  const incident = escalated[0]!;
  assert.equal(incident.file.path, 'C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe');
  assert.equal(incident.host, 'MKT01.pandalab.com');
  assert.equal(incident.delivery.channel, 'web');
  assert.equal(incident.delivery.detail, 'http://10.0.5.13/winx64_payload.exe');
  assert.deepEqual(
    incident.network.map((n) => `${n.ip}:${n.port}`),
    ['10.0.5.13:8080'],
  );
  const children = incident.chain
    .filter((l) => l.stage === 'child-process')
    .map((l) => l.summary.toLowerCase());
  for (const tool of ['cmd.exe', 'systeminfo', 'whoami', 'tasklist']) {
    assert.ok(
      children.some((c) => c.includes(tool)),
      `child ${tool} in the chain`,
    );
  }
  assert.match(incident.escalation.reasons.join(' '), /10\.0\.5\.13:8080/);
  const known = incident.questions.find((q) => q.id === 'known-channel');
  assert.equal(known?.answer, 'yes');
  assert.ok((known?.evidence.length ?? 0) > 0);
  assert.equal(incident.questions.find((q) => q.id === 'user-reported')?.answer, 'unknown');
  // Every link names the events that prove it, and they point back into the inputs.
  for (const link of incident.chain) {
    assert.ok(link.evidence.length > 0, `${link.stage} has evidence`);
    assert.match(link.evidence[0]!.location, /^line \d+$/);
  }
});

test('LSASS_campaign_01: with the Zeek offset, the download joins and says so', async () => {
  const hours19 = -19 * 3600_000;
  const shifted = await run([LSASS_01], {
    settings: withSettings({ clockOffsets: { 'zeek-tsv': hours19 } }),
  });
  const incident = shifted.report.incidents.find((i) => i.verdict === 'escalate')!;
  const wire = incident.chain.filter((l) => l.stage === 'delivery' && l.source === 'proxy');
  assert.ok(
    wire.some((l) => /application\/x-dosexec 7168 bytes/.test(l.summary)),
    'Zeek transfer',
  );
  assert.ok(wire.every((l) => l.clockOffsetMs === hours19));
  assert.ok(incident.chain.some((l) => l.stage === 'network' && l.source === 'proxy'));

  // Without offset and without estimation the Zeek records sit 19 hours away: not joined.
  const { report } = await run([LSASS_01], {
    settings: withSettings({ estimateClocks: false }),
  });
  const plain = report.incidents.find((i) => i.verdict === 'escalate')!;
  assert.equal(plain.chain.filter((l) => l.source === 'proxy').length, 0);
});

test('LSASS_campaign_02: the double-extension image is flagged as masquerading', async () => {
  const { report } = await run([LSASS_02]);
  const incident = report.incidents.find((i) => i.file.name === 'happy_image.jpeg.exe');
  assert.ok(incident, 'incident for happy_image.jpeg.exe');
  assert.ok(
    incident.indicators.some(
      (i) => i.id === 'masquerading-name' && /double extension/.test(i.summary),
    ),
  );
  assert.equal(incident.questions.find((q) => q.id === 'masquerading')?.answer, 'yes');
  assert.equal(incident.delivery.channel, 'web');
  // The payload the archive unpacks and starts belongs to this story, not to one of its own.
  assert.equal(report.incidents.length, 1);
  assert.ok(
    incident.chain.some(
      (l) => l.stage === 'child-process' && /RarSFX\d+\\winx64_payload\.exe/i.test(l.summary),
    ),
  );
});

test('Sigma hits join the incident as indicators with their ATT&CK techniques', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-rules-'));
  try {
    // A rule of the analyst's own, given with --rules, beside Lurewatch's default rules.
    writeFileSync(
      join(dir, 'payload.yml'),
      [
        'title: Metasploit payload name',
        'id: 0d2c3a10-0000-4000-8000-00000000beef',
        'author: Test Analyst',
        'level: medium',
        'tags: [attack.execution, attack.t1204.002, attack.t1059]',
        'logsource: { category: process_creation, product: windows }',
        'detection:',
        "  selection: { Image|endswith: '\\\\winx64_payload.exe' }",
        '  condition: selection',
        '',
      ].join('\n'),
    );
    const { report } = await run([LSASS_02], { rules: [dir] });
    const incident = report.incidents.find((i) => i.file.name === 'happy_image.jpeg.exe')!;
    const sigma = incident.indicators.filter((i) => i.id.startsWith('sigma:'));
    const disguised = sigma.find((i) => /Double Extension/.test(i.summary));
    assert.ok(disguised, 'the shipped double-extension rule fired');
    assert.deepEqual(disguised.attack, ['T1204.002', 'T1036.007']);
    // The payload the archive unpacked is in the tree, so the analyst's rule on it counts here.
    const own = sigma.find((i) => i.id === 'sigma:0d2c3a10-0000-4000-8000-00000000beef');
    assert.match(own?.summary ?? '', /Metasploit payload name.*by Test Analyst/);
    assert.deepEqual(own?.attack, ['T1204.002', 'T1059']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second run over the same inputs adds nothing to the case store', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-home-'));
  try {
    const first = await run([LSASS_02], { home });
    const second = await run([LSASS_02], { home });
    assert.ok(first.added >= 1);
    assert.equal(second.added, 0);
    assert.deepEqual(
      second.report.incidents.map((i) => i.id),
      first.report.incidents.map((i) => i.id),
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('bad input is counted with its location and loses nothing else; --strict stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bad-'));
  try {
    const good = JSON.stringify({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: 'ws1',
      '@timestamp': '2026-01-01T00:00:00Z',
      Image: 'C:\\Windows\\System32\\notepad.exe',
    });
    const noTime = JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'ws1' });
    writeFileSync(
      join(dir, 'events.json'),
      `${good}\n{"EventID": 1, "Chan\n${noTime}\n${good.replace('00:00:00', '00:00:01')}\n`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'just some words\n');
    writeFileSync(join(dir, 'cut.zip'), Buffer.from('504b030414000000080000000000', 'hex'));
    const { report } = await run([dir]);
    assert.equal(report.stats.events, 2);
    const codes = report.stats.problems.map((p) => `${p.code}@${p.location}`).sort();
    assert.deepEqual(codes, [
      'bad-archive@',
      'bad-json@line 2',
      'missing-timestamp@line 3',
      'unknown-format@',
    ]);
    assert.ok(report.stats.problems.every((p) => p.input.startsWith(dir)));
    await assert.rejects(run([dir], { strict: true }), /bad-json|bad-archive|unknown-format/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('incidents wait on disk and come back in time order, as often as walked', async () => {
  const inputs = [LSASS_02, join(PROJECT_ROOT, 'examples', 'scenario')];
  const options = {
    inputs,
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
  };
  const inMemory = await investigate(options);
  const run = await investigateToDisk(options);
  try {
    const first = [...run.report.incidents];
    const second = [...run.report.incidents];
    assert.ok(first.length >= 3, `${first.length} incidents`);
    assert.equal(run.report.incidents.length, first.length);
    assert.deepEqual(second, first);
    assert.deepEqual(first, inMemory.report.incidents);
    const times = first.map((i) => i.firstSeen);
    assert.deepEqual(times, [...times].sort());
    assert.equal(run.escalated, first.filter((i) => i.verdict === 'escalate').length);
  } finally {
    run.close();
  }
});
