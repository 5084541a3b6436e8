import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { defaultRegistry } from '../read/formats/index.js';
import { tempDir } from '../testing/temp.js';
import { buildZip } from '../testing/zip-builder.js';
import { investigate } from './run.js';

/** An inert stand-in for a program: the MZ magic and a note, never runnable. */
const PAYLOAD = Buffer.from('MZ this is an inert test specimen, not a program\n'.repeat(4));
const SHA256 = createHash('sha256').update(PAYLOAD).digest('hex');

function mail(zip: Buffer): string {
  const b64 = zip.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Shipping <notice@parcel-track.example>',
    'To: dana@contoso.example',
    'Subject: Your parcel is held',
    'Date: Mon, 16 Nov 2026 08:00:00 +0000',
    'Message-ID: <1@parcel-track.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Open the attached label. Password: 1234',
    '--b1',
    'Content-Type: application/zip; name="label.zip"',
    'Content-Disposition: attachment; filename="label.zip"',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b1--',
    '',
  ].join('\r\n');
}

function sysmonStart(path: string): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
        EventID: 1,
        TimeCreated: { '#attributes': { SystemTime: '2026-11-16T08:05:00.000000Z' } },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'WS-DANA.contoso.example',
      },
      EventData: {
        ProcessGuid: '{11111111-0000-0000-0000-000000000001}',
        ProcessId: 4242,
        Image: path,
        CommandLine: `"${path}"`,
        Hashes: `SHA256=${SHA256.toUpperCase()}`,
        ParentImage: 'C:\\Windows\\explorer.exe',
        ParentProcessGuid: '{11111111-0000-0000-0000-000000000000}',
        User: 'CONTOSO\\dana',
      },
    },
  });
}

test('a program inside a zipped attachment joins its email by hash and carries the analysis', async (t) => {
  const dir = await tempDir(t, 'lw-zip-mail-');
  await mkdir(join(dir, 'mail'));
  await mkdir(join(dir, 'edr'));
  const zip = buildZip([{ name: 'label.pdf.exe', content: PAYLOAD }]);
  await writeFile(join(dir, 'mail', 'parcel.eml'), mail(zip));
  const exe = 'C:\\Users\\dana\\AppData\\Local\\Temp\\Temp1_label.zip\\label.pdf.exe';
  await writeFile(join(dir, 'edr', 'sysmon.json'), `${sysmonStart(exe)}\n`);

  const run = (analyzeMail: boolean) =>
    investigate({
      inputs: [dir],
      registry: defaultRegistry(),
      settings: withSettings({}),
      logger: silentLogger,
      analyzeMail,
    });

  const { report } = await run(true);
  assert.equal(report.incidents.length, 1);
  const incident = report.incidents[0]!;
  assert.equal(incident.delivery.channel, 'email');
  const link = incident.chain.find((l) => l.stage === 'delivery');
  assert.match(link?.joinedBy ?? '', /label\.zip\/label\.pdf\.exe inside an attachment, sha256/);
  assert.equal(incident.analysis?.source, 'email-attachment');
  assert.equal(incident.analysis?.file.name, 'label.zip');
  assert.equal(incident.analysis?.openedPath, 'label.zip/label.pdf.exe');
  assert.equal(incident.analysis?.file.children[0]?.sha256, SHA256);
  assert.equal(incident.checklist.find((c) => c.id === 'password-protected')?.status, 'partial');

  // Without taking attachments apart, nothing ties the program to the zip.
  const plain = await run(false);
  assert.equal(plain.report.incidents[0]?.delivery.channel, 'unknown');
  assert.equal(plain.report.incidents[0]?.analysis, undefined);
});

test('--samples: a delivered file found by hash is analysed into the incident', async (t) => {
  const dir = await tempDir(t, 'lw-samples-');
  await mkdir(join(dir, 'logs'));
  await mkdir(join(dir, 'samples'));
  const exe = 'C:\\Users\\dana\\Downloads\\invoice.pdf.exe';
  await writeFile(join(dir, 'logs', 'sysmon.json'), `${sysmonStart(exe)}\n`);
  await writeFile(join(dir, 'samples', SHA256), PAYLOAD);
  const { report } = await investigate({
    inputs: [join(dir, 'logs')],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    samplesDir: join(dir, 'samples'),
  });
  const incident = report.incidents[0]!;
  assert.equal(incident.analysis?.source, 'sample');
  assert.equal(incident.analysis?.file.sha256, SHA256);
  assert.ok(incident.analysis?.file.findings.some((f) => /double/.test(f.id)));
});
