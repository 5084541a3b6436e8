import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { windowsReaders } from '../../read/formats/windows/readers.js';

test('security 4663: a credential stealer reads browser stores', async () => {
  const sample = sharedData(
    'evtx',
    'golden',
    'attack-samples',
    'Credential Access',
    'CA_chrome_firefox_opera_4663.jsonl',
  );
  const { events, problems } = await readPaths([sample]);
  assert.deepEqual(problems, []);
  const reads = events.filter((e) => e.event.code === '4663');
  assert.equal(reads.length, 4);
  for (const read of reads) {
    assert.deepEqual(read.event.category, ['file']);
    assert.deepEqual(read.event.type, ['access']);
    assert.equal(read.event.action, 'file-read');
    assert.equal(read.process?.executable, 'C:\\Users\\Defau1t\\wsus.exe');
    assert.equal(read.process?.pid, 0x134c);
    assert.deepEqual(read.user, { name: 'IEUser', domain: 'IEWIN7' });
  }
  assert.ok(reads.some((r) => r.file?.name === 'key4.db'));
  assert.ok(reads.some((r) => r.file?.path?.endsWith('\\Opera Stable\\Login Data')));
});

function record(objectName: string, objectType: string, mask: string, process: string) {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
        EventID: 4663,
        TimeCreated: { '#attributes': { SystemTime: '2024-03-05T09:20:00.000000Z' } },
        Channel: 'Security',
        Computer: 'WS01.corp.example',
      },
      EventData: {
        SubjectUserName: 'bob',
        SubjectDomainName: 'CORP',
        ObjectType: objectType,
        ObjectName: objectName,
        AccessMask: mask,
        ProcessId: '0x1a2c',
        ProcessName: process,
      },
    },
  });
}

test('security 4663: an ISO opened, files read from the mounted image', async () => {
  const lines = [
    record(
      'C:\\Users\\bob\\Downloads\\Invoice_0305.iso',
      'File',
      '0x1',
      'C:\\Windows\\explorer.exe',
    ),
    record('\\Device\\CdRom1\\Invoice_0305.lnk', 'File', '0x1', 'C:\\Windows\\explorer.exe'),
    record('\\Device\\CdRom1\\payload.dll', 'File', '0x21', 'C:\\Windows\\System32\\rundll32.exe'),
    record('\\REGISTRY\\MACHINE\\SOFTWARE\\X', 'Key', '0x1', 'C:\\Windows\\regedit.exe'),
  ];
  const reader = windowsReaders.find((r) => r.id === 'evtx-json')!;
  const { events, problems } = await readWith(reader, bufferSource('s.jsonl', lines.join('\n')));
  assert.deepEqual(problems, []);
  assert.deepEqual(
    events.map((e) => e.event.action ?? e.event.category.join()),
    ['disk-image-read', 'mounted-image-file-read', 'mounted-image-file-read-execute', 'host'],
  );
  assert.equal(events[0]?.file?.extension, 'iso');
  assert.equal(events[2]?.process?.name, 'rundll32.exe');
});
