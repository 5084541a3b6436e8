import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { sampleReport } from '../../testing/incident-report.js';
import type { CliIO } from '../io.js';
import { buildProgram } from '../program.js';

async function cli(home: string, ...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    interactive: false,
    stdoutIsTerminal: false,
    columns: 100,
    env: { LUREWATCH_HOME: home },
    cwd: home,
  };
  await buildProgram(io).parseAsync(['node', 'lurewatch', ...args]);
  return { out, err };
}

test('intel import, stats and search --format json with attribution', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-cli-intel-'));
  try {
    await cli(home, 'intel', 'import', '-q', sharedData('intel', 'misp', 'existing_event.json'));
    const stats = JSON.parse((await cli(home, 'intel', 'stats', '--format', 'json')).out);
    assert.equal(stats.bySource['misp:5a3c2fcd-8328-42bb-a95e-4f4402de0b81'], stats.indicators);
    const event = JSON.parse(
      readFileSync(sharedData('intel', 'misp', 'existing_event.json'), 'utf8'),
    );
    const domain = (event.Attribute as Array<{ type: string; value: string }>).find(
      (a) => a.type === 'domain',
    )!.value;
    const { out } = await cli(home, 'intel', 'search', domain.toUpperCase(), '--format', 'json');
    const result = JSON.parse(out) as {
      matches: Array<{ value: string; type: string; source: string; attribution: unknown[] }>;
    };
    assert.equal(result.matches.length, 1);
    const [match] = result.matches;
    assert.equal(match!.value, domain.toLowerCase());
    assert.equal(match!.type, 'domain');
    assert.equal(match!.source, 'misp:5a3c2fcd-8328-42bb-a95e-4f4402de0b81');
    assert.deepEqual(match!.attribution[0], { kind: 'threat-actor', name: 'Sofacy' });
    const none = await cli(home, 'intel', 'search', 'nothing.example');
    assert.match(none.out, /not in the intel store/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a MISP feed folder imports the events its manifest lists', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-cli-feed-'));
  try {
    const feed = join(home, 'feed');
    mkdirSync(feed);
    const uuid = '57c4445b-c548-4654-af0b-4be3950d210f';
    const event = readFileSync(sharedData('intel', 'misp', `${uuid}.json`), 'utf8');
    writeFileSync(join(feed, `${uuid}.json`), event);
    writeFileSync(join(feed, 'manifest.json'), JSON.stringify({ [uuid]: { info: 'x' } }));
    writeFileSync(join(feed, 'hashes.csv'), 'not listed in the manifest, so not read\n');
    const { out } = await cli(home, 'intel', 'import', '--format', 'json', '-q', feed);
    const summary = JSON.parse(out);
    assert.equal(summary.files, 1);
    assert.equal(summary.collections[0].title, 'Ransomware - Xorist');
    assert.equal(summary.added, 4);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('export --stix and --misp from an incidents.json; both flags at once is refused', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-cli-export-'));
  try {
    writeFileSync(join(home, 'incidents.json'), JSON.stringify(sampleReport()));
    const stix = JSON.parse((await cli(home, 'export', '--stix', 'incidents.json')).out);
    assert.equal(stix.type, 'bundle');
    assert.ok(stix.objects.some((o: { type: string }) => o.type === 'sighting'));
    await cli(home, 'export', '--misp', '--verdict', 'escalate', 'incidents.json', '-o', 'e.json');
    const event = JSON.parse(readFileSync(join(home, 'e.json'), 'utf8'));
    assert.ok(event.Event.Attribute.every((a: { to_ids: boolean }) => a.to_ids));
    await assert.rejects(cli(home, 'export', '--stix', '--misp', 'incidents.json'));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
