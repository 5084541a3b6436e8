import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../core/logger.js';
import type { LwEvent } from '../../../model/event.js';
import { sharedData } from '../../../testing/data.js';
import { readAll } from '../../read-all.js';
import { DEFAULT_READ_LIMITS } from '../../types.js';
import { defaultRegistry } from '../index.js';

async function read(
  paths: string[],
): Promise<{ events: LwEvent[]; problems: string[]; formats: Set<string> }> {
  const events: LwEvent[] = [];
  const problems: string[] = [];
  const formats = new Set<string>();
  const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };
  const options = {
    registry: defaultRegistry(),
    context,
    onInput: (_: string, r?: { id: string }) => void formats.add(r?.id ?? 'none'),
  };
  for await (const item of readAll(paths, options)) {
    if (item.kind === 'event') events.push(item.event);
    else problems.push(`${item.problem.code}@${item.problem.location}`);
  }
  return { events, problems, formats };
}

test('evtx_dump JSON lines: the Ostap sample maps file creation and process starts', async () => {
  const path = sharedData(
    'evtx',
    'golden',
    'attack-samples',
    'Execution',
    'sysmon_1_11_rundll32_cpl_ostap.jsonl',
  );
  const { events, problems, formats } = await read([path]);
  assert.deepEqual([...formats], ['evtx-json']);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 5);
  const [written, control] = events;
  assert.deepEqual(written?.event.type, ['creation']);
  assert.equal(written?.file?.path, 'C:\\Users\\IEUser\\Downloads\\Invoice@0582.cpl');
  assert.equal(written?.file?.extension, 'cpl');
  assert.equal(written?.process?.name, 'Explorer.EXE');
  assert.equal(control?.process?.executable, 'C:\\Windows\\System32\\control.exe');
  assert.equal(control?.process?.parent?.executable, 'C:\\Windows\\explorer.exe');
  assert.match(control?.process?.command_line ?? '', /Invoice@0582\.cpl/);
  assert.equal(control?.host?.name, 'MSEDGEWIN10');
  assert.equal(control?.user?.name, 'IEUser');
  assert.equal(control?.lurewatch.location, 'line 2');
});

test('evtx_dump pretty-printed JSON: every SigmaHQ process-creation sample reads whole', async () => {
  const root = sharedData('sigma', 'regression_data', 'rules', 'windows', 'process_creation');
  const files = readdirSync(root).flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(root, dir, f)),
  );
  assert.ok(files.length > 20);
  const { events, problems, formats } = await read(files);
  assert.deepEqual(problems, []);
  assert.deepEqual([...formats], ['evtx-json']);
  // An independent count: the files are concatenated objects, each starting `{` at column 0.
  const expected = files.reduce(
    (n, f) => n + (readFileSync(f, 'utf8').match(/^\{/gm)?.length ?? 0),
    0,
  );
  assert.equal(events.length, expected);
  assert.ok(events.some((e) => e.event.category.includes('process') && e.process?.command_line));
});

test('flat JSON in a zip: the Empire launcher sample shows explorer starting launcher.vbs', async () => {
  const zip = sharedData(
    'otrf',
    'datasets',
    'atomic',
    'windows',
    'execution',
    'host',
    'empire_launcher_vbs.zip',
  );
  const { events, problems, formats } = await read([zip]);
  assert.deepEqual([...formats], ['winevent-flat']);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 2067);
  const launch = events.find(
    (e) => e.event.code === '1' && /launcher\.vbs/i.test(e.process?.command_line ?? ''),
  );
  assert.ok(launch, 'sysmon 1 with launcher.vbs');
  assert.equal(launch.process?.parent?.name?.toLowerCase(), 'explorer.exe');
  assert.ok(launch.process?.entity_id && /^[0-9a-f-]+$/.test(launch.process.entity_id));
  const security = events.find((e) => e.event.code === '4688');
  assert.ok(security?.process?.executable && security.process.pid !== undefined);
});

test('Winlogbeat documents map through the same normaliser', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'lw-wlb-'));
  try {
    const doc = {
      '@timestamp': '2026-11-16T09:13:02.100Z',
      host: { name: 'ws-alice' },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        provider_name: 'Microsoft-Windows-Sysmon',
        event_id: 3,
        computer_name: 'WS-ALICE.contoso.example',
        record_id: 42,
        event_data: {
          Image: 'C:\\Users\\alice\\Downloads\\x.exe',
          ProcessGuid: '{ABC-1}',
          ProcessId: '1200',
          DestinationIp: '203.0.113.50',
          DestinationPort: '443',
          SourceIp: '10.20.30.41',
          Initiated: 'true',
          User: 'CONTOSO\\alice',
        },
      },
    };
    writeFileSync(join(dir, 'wlb.ndjson'), `${JSON.stringify(doc)}\n`);
    const { events, formats } = await read([dir]);
    assert.deepEqual([...formats], ['winlogbeat']);
    const [connection] = events;
    assert.deepEqual(connection?.event.category, ['network']);
    assert.equal(connection?.destination?.ip, '203.0.113.50');
    assert.equal(connection?.destination?.port, 443);
    assert.equal(connection?.network?.direction, 'outbound');
    assert.equal(connection?.process?.entity_id, 'abc-1');
    assert.equal(connection?.host?.name, 'WS-ALICE.contoso.example');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
