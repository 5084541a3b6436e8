import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LwEvent } from '../model/event.js';
import { commandLineArguments, launchTarget } from './launch.js';
import { masquerading } from './masquerade.js';
import { isArchiveExtraction, isUserWritable } from './vocabulary.js';

function start(executable: string, parent: string, commandLine?: string): LwEvent {
  return {
    '@timestamp': '2026-01-01T00:00:00.000Z',
    event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'sysmon' },
    lurewatch: { id: 'ev-x', format: 'test', source: 'edr', input: 'test', location: 'line 1' },
    process: {
      executable,
      ...(commandLine ? { command_line: commandLine } : {}),
      parent: { executable: parent },
    },
    original: {},
  };
}

const EXPLORER = 'C:\\Windows\\explorer.exe';

test('a program run by Explorer from Downloads is the user-opened file', () => {
  const target = launchTarget(start('C:\\Users\\a\\Downloads\\x.exe', EXPLORER));
  assert.deepEqual(target, { path: 'C:\\Users\\a\\Downloads\\x.exe', how: 'direct' });
});

test('a service starting a program from AppData is not user execution', () => {
  assert.equal(
    launchTarget(
      start('C:\\Users\\a\\AppData\\Local\\upd.exe', 'C:\\Windows\\System32\\services.exe'),
    ),
    undefined,
  );
});

test('a script host names the script it ran; Word names a delivered document only', () => {
  const script = launchTarget(
    start(
      'C:\\Windows\\System32\\wscript.exe',
      EXPLORER,
      'wscript.exe "C:\\Users\\a\\Desktop\\pay.vbs"',
    ),
  );
  assert.equal(script?.path, 'C:\\Users\\a\\Desktop\\pay.vbs');
  const word = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';
  const delivered = launchTarget(
    start(word, EXPLORER, `"${word}" /n "C:\\Users\\a\\Downloads\\inv.doc"`),
  );
  assert.equal(delivered?.path, 'C:\\Users\\a\\Downloads\\inv.doc');
  assert.equal(
    launchTarget(start(word, EXPLORER, `"${word}" /n "C:\\Users\\a\\Documents\\Q3.docx"`)),
    undefined,
  );
});

test('a program in an archive-extraction folder counts whoever started it', () => {
  const path = 'C:\\Users\\b\\AppData\\Local\\Temp\\Temp3_lync.zip\\i.exe';
  assert.equal(launchTarget(start(path, 'C:\\Windows\\System32\\cscript.exe'))?.path, path);
  assert.ok(isArchiveExtraction('C:\\Users\\b\\AppData\\Local\\Temp\\RarSFX1\\winx64_payload.exe'));
  assert.ok(
    isUserWritable(
      'C:\\Users\\b\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\AB\\x.doc',
    ),
  );
  assert.ok(!isUserWritable('C:\\Program Files\\Google\\Chrome\\chrome.exe'));
});

test('command lines split on spaces outside quotes, capped in count', () => {
  assert.deepEqual(commandLineArguments('"C:\\a b\\x.exe" /c "d e" f'), [
    'C:\\a b\\x.exe',
    '/c',
    'd e',
    'f',
  ]);
  assert.equal(commandLineArguments('a '.repeat(10_000)).length, 64);
});

test('masquerading names: double extension, RTLO and its mojibake, invisible characters, padding', () => {
  const kinds = (name: string): string[] => masquerading(name).map((f) => f.kind);
  assert.deepEqual(kinds('invoice.pdf.exe'), ['double-extension']);
  assert.deepEqual(kinds('C:\\Users\\x\\Downloads\\happy_image.jpeg.exe'), ['double-extension']);
  assert.deepEqual(kinds('PO45638 - PO76483.Xls.htm'), ['double-extension']);
  assert.deepEqual(kinds('report\u202efdp.scr'), ['rtlo']);
  assert.deepEqual(kinds('report\u00e2\u20ac\u00aefdp.scr'), ['rtlo']);
  assert.deepEqual(kinds('Order\u034f\u034f.RTF'), ['invisible-characters']);
  assert.deepEqual(kinds('invoice.pdf          .exe'), ['space-padding', 'double-extension']);
  assert.deepEqual(kinds('setup.exe'), []);
  assert.deepEqual(kinds('archive.tar.gz'), []);
  assert.deepEqual(kinds('notes.txt.bak'), []);
});

test('masquerade checks stay fast on a hostile 100 KB name', () => {
  const started = Date.now();
  masquerading(`${' '.repeat(100_000)}.exe`);
  masquerading(`${'.pdf'.repeat(25_000)}.exe`);
  assert.ok(Date.now() - started < 500);
});
