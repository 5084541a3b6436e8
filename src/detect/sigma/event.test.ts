import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evtxDumpEvent, flatEvent, toSigmaEvent } from './event.js';
import { LogsourceRouter } from './logsource.js';

test('the evtx_dump shape: EventData flattened, System under Sigma names, UserData lifted', () => {
  const event = toSigmaEvent({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Windows Defender' } },
        EventID: { '#attributes': { Qualifiers: 32768 }, '#text': 1116 },
        Channel: 'Microsoft-Windows-Windows Defender/Operational',
        Computer: 'pc1',
        TimeCreated: { '#attributes': { SystemTime: '2024-05-01T03:10:00.5Z' } },
      },
      EventData: { 'Threat Name': 'Virus:DOS/EICAR_Test_File', Path: 'file:_C:\\x.com' },
      UserData: { EventXML: { Param1: 'p1' } },
    },
  });
  assert.ok(event);
  assert.equal(event.eventId, 1116);
  assert.equal(event.provider, 'Microsoft-Windows-Windows Defender');
  assert.equal(event.get('Provider_Name'), 'Microsoft-Windows-Windows Defender');
  assert.equal(event.get('Computer'), 'pc1');
  assert.equal(event.get('ThreatName'), 'Virus:DOS/EICAR_Test_File', 'spaces and case ignored');
  assert.equal(event.get('Param1'), 'p1');
  assert.equal(event.get('Missing'), undefined);
  assert.equal(event.time, Date.UTC(2024, 4, 1, 3, 10, 0, 500));
  assert.ok([...event.values()].includes('Virus:DOS/EICAR_Test_File'));

  // Defender 1116 is both the `windefend` service and the `antivirus` category, where
  // Sigma's `Signature` is Defender's `Threat Name`.
  const tags = new LogsourceRouter().tags(event);
  assert.deepEqual(
    tags.map((t) => [t.category, t.service, t.fieldMap?.['Signature']]),
    [
      ['antivirus', 'windefend', 'ThreatName'],
      [undefined, 'windefend', undefined],
    ],
  );
});

test('the flat OTRF shape: fields at the top level, Hostname as Computer', () => {
  const event = flatEvent({
    SourceName: 'Microsoft-Windows-Sysmon',
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Hostname: 'ACCT01.pandalab.com',
    EventID: 1,
    '@timestamp': '2023-08-15T05:34:46.559Z',
    Image: 'C:\\Users\\x\\Downloads\\happy_image.jpeg.exe',
  });
  assert.equal(event.get('Computer'), 'ACCT01.pandalab.com');
  assert.equal(event.get('Provider_Name'), 'Microsoft-Windows-Sysmon');
  assert.equal(event.get('image'), 'C:\\Users\\x\\Downloads\\happy_image.jpeg.exe');
  assert.equal(event.time, Date.parse('2023-08-15T05:34:46.559Z'));
  const tags = new LogsourceRouter().tags(event).map((t) => t.category);
  assert.deepEqual(tags, ['process_creation', undefined]);
});

test('records that are not objects, or lack a Windows channel, meet no Windows rule', () => {
  assert.equal(toSigmaEvent([1, 2]), undefined);
  assert.equal(evtxDumpEvent({ Event: 'x' }), undefined);
  assert.deepEqual(new LogsourceRouter().tags(flatEvent({ EventID: 1 })), []);
});
