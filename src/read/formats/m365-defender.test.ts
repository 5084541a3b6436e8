import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { withSettings } from '../../core/settings.js';
import { investigate } from '../../investigate/run.js';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { defaultRegistry } from './index.js';
import { m365DefenderCsvReader, m365DefenderJsonReader } from './m365-defender.js';

const GOLDEN_SAML = (): string =>
  sharedData(
    'otrf',
    'datasets',
    'compound',
    'GoldenSAMLADFSMailAccess',
    'Microsoft365DefenderEvents.Zip',
  );

const EMAIL_LOG = (): string =>
  sharedData(
    'elastic-integrations',
    'packages',
    'm365_defender',
    'data_stream',
    'event',
    '_dev',
    'test',
    'pipeline',
    'test-email.log',
  );

test('m365 defender: the GoldenSAML export reads: PowerShell LDAP searches on adfs01', async () => {
  const { events, problems } = await readPaths([GOLDEN_SAML()]);
  assert.deepEqual(problems, []);
  // 9 rows: 5 DeviceEvents LdapSearch, 2 identity and 2 cloud-app rows (counted with jq).
  assert.equal(events.length, 9);
  assert.ok(events.every((e) => e.lurewatch.format === 'm365-defender-json'));
  const ldap = events.filter((e) => e.event.action === 'LdapSearch');
  assert.equal(ldap.length, 5);
  const first = ldap[0]!;
  assert.equal(first['@timestamp'], '2021-08-02T13:11:39.772Z');
  assert.equal(first.event.dataset, 'm365_defender.DeviceEvents');
  assert.equal(first.host?.name, 'adfs01.simulandlabs.com');
  assert.deepEqual(first.user, { name: 'wardog', domain: 'simulandlabs' });
  assert.equal(first.process?.name, 'powershell.exe');
  assert.equal(first.process?.pid, 5692);
  assert.equal(
    first.process?.hash?.sha256,
    'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
  );
  assert.equal(first.process?.original_file_name, 'PowerShell.EXE');
  assert.equal(first.process?.parent?.name, 'svchost.exe');
  assert.equal(first.process?.parent?.pid, 820);
  assert.equal(
    first.process?.entity_id,
    '00000000-0000-0000-0000-000000000000:5692:2021-08-02T10:45:40.0664337Z',
  );
  const others = events.filter((e) => e.event.dataset === 'm365_defender.other');
  assert.deepEqual(
    others.map((e) => e.event.action),
    [
      'Directory Services replication',
      'Directory Services replication',
      'MailItemsAccessed',
      'Add delegated permission grant.',
    ],
  );
});

test('m365 defender: streamed email tables join the attachment to its message', async () => {
  const { events, problems } = await readPaths([EMAIL_LOG()]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 5);
  const attachment = events.find((e) => e.event.dataset === 'm365_defender.EmailAttachmentInfo');
  assert.ok(attachment, 'an attachment event');
  // The attachment row comes first in the file; it waits for its EmailEvents row.
  assert.equal(attachment.email?.subject, 'test shared "Test URL Click Document " with you.');
  assert.equal(attachment.email?.from?.address, 'test@testMSFTalerts.onmicrosoft.com');
  assert.deepEqual(attachment.email?.to?.address, ['user@testmsftalerts.onmicrosoft.com']);
  assert.equal(attachment.email?.local_id, 'a194a8a6-d97c-4be1-ae31-08dacc512345');
  assert.equal(attachment.email?.sender_ip, '81.2.69.144');
  assert.deepEqual(attachment.email?.attachments, [
    {
      file: {
        path: 'AttachedImage',
        name: 'AttachedImage',
        size: 1354,
        hash: { sha256: '67ff7e5e56d160f3343b712e018f7aea4ac6c544f8c73d9b6509550fbd512345' },
      },
    },
  ]);
  const message = events.find((e) => e.event.dataset === 'm365_defender.EmailEvents');
  assert.equal(message?.email?.direction, 'internal');
  assert.equal(message?.email?.delivery_action, 'Delivered');
  assert.match(message?.email?.message_id ?? '', /^<odspmicro-Share-.*@8956DAA12345>$/);
  const click = events.find((e) => e.event.dataset === 'm365_defender.UrlClickEvents');
  assert.equal(click?.lurewatch.source, 'proxy');
  assert.equal(click?.url?.domain, 'southcentralusr-notifyp.svc.ms');
  const link = events.find((e) => e.event.dataset === 'm365_defender.EmailUrlInfo');
  assert.equal(link?.email?.subject, attachment.email?.subject);
});

const SHA = '3f0a5b1c9d7e2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a';
const MSG = '5f1c2a8e-0d4b-4c1e-9a7b-08dbf0c0ffee';

/** A portal CSV export of a hunting query that unions the tables, as analysts write them. */
const CSV = [
  'Timestamp,DeviceId,DeviceName,ActionType,FileName,FolderPath,SHA256,ProcessId,' +
    'ProcessCommandLine,ProcessCreationTime,AccountDomain,AccountName,InitiatingProcessFileName,' +
    'InitiatingProcessFolderPath,InitiatingProcessId,InitiatingProcessCreationTime,' +
    'InitiatingProcessCommandLine,NetworkMessageId,SenderFromAddress,RecipientEmailAddress,' +
    'Subject,FileType,FileOriginUrl,ReportId',
  `2024-03-04T09:10:00Z,,,,,,,,,,,,,,,,,${MSG},billing@lure.example,alice@corp.example,` +
    `"Invoice 4471, overdue",,,11`,
  `2024-03-04T09:10:01Z,,,,invoice.exe,,${SHA},,,,,,,,,,,${MSG},billing@lure.example,` +
    `alice@corp.example,,exe,,12`,
  `2024-03-04T09:15:00Z,d1,ws01.corp.example,FileCreated,invoice.exe,` +
    `C:\\Users\\alice\\Downloads\\invoice.exe,${SHA},,,,,,outlook.exe,` +
    `C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE,4100,` +
    `2024-03-04T08:00:00Z,"""OUTLOOK.EXE"" ",,,,,,,13`,
  `2024-03-04T09:16:00Z,d1,ws01.corp.example,ProcessCreated,invoice.exe,` +
    `C:\\Users\\alice\\Downloads\\invoice.exe,${SHA},5120,"""invoice.exe"" /s",` +
    `2024-03-04T09:16:00Z,corp,alice,explorer.exe,C:\\Windows\\explorer.exe,3000,` +
    `2024-03-04T08:00:00Z,Explorer.EXE,,,,,,,14`,
].join('\r\n');

test('m365 defender: a CSV export reads, with the file and process columns mapped', async () => {
  const { events, problems } = await readWith(
    m365DefenderCsvReader,
    bufferSource('q.csv', CSV, 97),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    events.map((e) => e.event.dataset),
    [
      'm365_defender.EmailEvents',
      'm365_defender.EmailAttachmentInfo',
      'm365_defender.DeviceFileEvents',
      'm365_defender.DeviceProcessEvents',
    ],
  );
  const [, attachment, write, start] = events;
  assert.equal(attachment?.email?.subject, 'Invoice 4471, overdue');
  assert.equal(attachment?.email?.attachments?.[0]?.file.hash?.sha256, SHA);
  assert.equal(write?.file?.path, 'C:\\Users\\alice\\Downloads\\invoice.exe');
  assert.equal(write?.process?.name, 'OUTLOOK.EXE');
  assert.equal(start?.process?.command_line, '"invoice.exe" /s');
  assert.equal(start?.process?.parent?.executable, 'C:\\Windows\\explorer.exe');
  assert.equal(start?.process?.parent?.entity_id, 'd1:3000:2024-03-04T08:00:00Z');
  assert.deepEqual(start?.user, { name: 'alice', domain: 'corp' });
});

test('m365 defender: the executed file is traced to its email by attachment SHA256', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-defender-'));
  try {
    // Each table in its own export, as analysts often pull them: the attachment row meets
    // its message's subject only in the working store.
    const [header, ...rows] = CSV.split('\r\n');
    writeFileSync(join(dir, 'EmailEvents.csv'), [header, rows[0]].join('\n'));
    writeFileSync(join(dir, 'EmailAttachmentInfo.csv'), [header, rows[1]].join('\n'));
    writeFileSync(join(dir, 'device.csv'), [header, rows[2], rows[3]].join('\n'));
    const { report } = await investigate({
      inputs: [dir],
      registry: defaultRegistry(),
      settings: withSettings({}),
      logger: silentLogger,
    });
    const incident = report.incidents.find((i) => i.file.name === 'invoice.exe');
    assert.ok(incident, 'an incident for invoice.exe');
    assert.equal(incident.host, 'ws01.corp.example');
    assert.equal(incident.delivery.channel, 'email');
    assert.equal(
      incident.delivery.detail,
      'from billing@lure.example, subject "Invoice 4471, overdue"',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('m365 defender: bad rows are counted; the hunting API document is unwrapped', async () => {
  const api = JSON.stringify({
    Schema: [{ Name: 'Timestamp', Type: 'DateTime' }],
    Results: [
      {
        Timestamp: '2024-03-04T09:16:00Z',
        DeviceId: 'd1',
        DeviceName: 'ws01',
        ActionType: 'ProcessCreated',
        FileName: 'a.exe',
        ReportId: 1,
      },
      {
        Timestamp: 'yesterday',
        DeviceId: 'd1',
        DeviceName: 'ws01',
        ActionType: 'ProcessCreated',
        ReportId: 2,
      },
    ],
  });
  const { events, problems } = await readWith(
    m365DefenderJsonReader,
    bufferSource('api.json', `${api}\n{"Timestamp":`),
  );
  assert.equal(events.length, 1);
  assert.equal(events[0]?.process?.name, 'a.exe');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['bad-timestamp', 'bad-json'],
  );
});
