/**
 * The bundled example scenario is data written by hand; these checks keep its records parseable
 * and its story consistent, so that `npm run demo` shows what examples/README.md promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { PROJECT_ROOT } from './data.js';

const SCENARIO = join(PROJECT_ROOT, 'examples', 'scenario');
const INVOICE_PATH = 'C:\\Users\\alice\\Downloads\\invoice_4471.pdf.exe';

function jsonLines(...parts: string[]): Array<Record<string, unknown>> {
  const text = readFileSync(join(SCENARIO, ...parts), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, index) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${parts.join('/')} line ${index + 1} is not JSON`, { cause: error });
      }
    });
}

interface SysmonRecord {
  System: {
    Provider: { '#attributes': { Name: string } };
    EventID: number;
    Channel: string;
    Computer: string;
    TimeCreated: { '#attributes': { SystemTime: string } };
  };
  EventData: Record<string, string | number | boolean>;
}

function sysmonEvents(): SysmonRecord[] {
  return jsonLines('edr', 'sysmon.json').map((line) => line['Event'] as SysmonRecord);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function invoiceAttachment() {
  const message = await simpleParser(readFileSync(join(SCENARIO, 'mail', 'invoice-4471.eml')));
  const attachment = message.attachments.find((a) => a.filename === 'invoice_4471.pdf.exe');
  assert.ok(attachment, 'the lure carries invoice_4471.pdf.exe');
  return { message, attachment };
}

test('every Sysmon line has the evtx_dump shape with a Sysmon provider and a time', () => {
  const events = sysmonEvents();
  assert.ok(events.length >= 20);
  for (const event of events) {
    assert.equal(event.System.Provider['#attributes'].Name, 'Microsoft-Windows-Sysmon');
    assert.equal(event.System.Channel, 'Microsoft-Windows-Sysmon/Operational');
    assert.match(event.System.Computer, /^WS-[A-Z0-9]+\.contoso\.example$/);
    assert.ok(!Number.isNaN(Date.parse(event.System.TimeCreated['#attributes'].SystemTime)));
    assert.match(String(event.EventData['UtcTime']), /^2026-11-16 \d\d:\d\d:\d\d\.\d{3}$/);
  }
});

test('the lure is a parseable message from outside with an inert MZ attachment', async () => {
  const { message, attachment } = await invoiceAttachment();
  assert.equal(message.from?.value[0]?.address, 'billing@northwind-invoices.com');
  assert.match(message.subject ?? '', /overdue invoice/i);
  assert.match(String(message.headers.get('received')), /198\.51\.100\.23/);
  assert.equal(attachment.contentType, 'application/octet-stream');

  // Inert by construction: MZ, then printable ASCII text only, and small.
  const bytes = attachment.content;
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'MZ');
  assert.ok(bytes.length < 1024);
  assert.ok([...bytes].every((b) => b === 0x0d || b === 0x0a || (b >= 0x20 && b < 0x7f)));
});

test('the benign message to bob carries a text attachment', async () => {
  const message = await simpleParser(readFileSync(join(SCENARIO, 'mail', 'agenda.eml')));
  assert.equal(message.attachments.length, 1);
  assert.equal(message.attachments[0]?.filename, 'agenda.txt');
  assert.equal(message.attachments[0]?.contentType, 'text/plain');
});

test('the attachment hashes match the executed file in Sysmon and the file in Wazuh', async () => {
  const { attachment } = await invoiceAttachment();
  const bytes = attachment.content;
  const expected = {
    sha256: sha256(bytes),
    sha1: createHash('sha1').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
  };

  const started = sysmonEvents().filter(
    (e) => e.System.EventID === 1 && e.EventData['Image'] === INVOICE_PATH,
  );
  assert.equal(started.length, 1);
  const hashes = String(started[0]?.EventData['Hashes']).toLowerCase();
  assert.ok(hashes.includes(`sha256=${expected.sha256}`), hashes);
  assert.ok(hashes.includes(`sha1=${expected.sha1}`), hashes);
  assert.ok(hashes.includes(`md5=${expected.md5}`), hashes);
  assert.equal(started[0]?.EventData['ParentImage'], 'C:\\Windows\\explorer.exe');

  const added = jsonLines('fim', 'alerts.json')
    .map((alert) => alert['syscheck'] as Record<string, string>)
    .filter((s) => s['event'] === 'added');
  assert.equal(added.length, 1);
  assert.equal(added[0]?.['path'], INVOICE_PATH.toLowerCase());
  assert.equal(added[0]?.['sha256_after'], expected.sha256);
  assert.equal(added[0]?.['sha1_after'], expected.sha1);
  assert.equal(added[0]?.['md5_after'], expected.md5);
  assert.equal(added[0]?.['size_after'], String(bytes.length));
});

test('the invoice process spawns cmd and beacons to 203.0.113.50 seen by EDR and proxy', () => {
  const events = sysmonEvents();
  const invoiceGuid = events.find(
    (e) => e.System.EventID === 1 && e.EventData['Image'] === INVOICE_PATH,
  )?.EventData['ProcessGuid'];
  const children = events.filter(
    (e) => e.System.EventID === 1 && e.EventData['ParentProcessGuid'] === invoiceGuid,
  );
  assert.deepEqual(
    children.map((e) => e.EventData['Image']),
    ['C:\\Windows\\System32\\cmd.exe'],
  );

  const beacons = events.filter(
    (e) => e.System.EventID === 3 && e.EventData['ProcessGuid'] === invoiceGuid,
  );
  assert.ok(beacons.length >= 3);
  for (const b of beacons) assert.equal(b.EventData['DestinationIp'], '203.0.113.50');

  // Squid native: time elapsed client code/status bytes method URL user hierarchy/peer type.
  const proxy = readFileSync(join(SCENARIO, 'proxy', 'access.log'), 'utf8')
    .trim()
    .split('\n');
  for (const line of proxy) assert.equal(line.trim().split(/\s+/).length, 10, line);
  const tunnels = proxy.filter(
    (line) =>
      line.includes(' 10.20.30.41 ') &&
      line.includes('CONNECT cdn-update-check.net:443') &&
      line.includes('DIRECT/203.0.113.50'),
  );
  assert.ok(tunnels.length >= 3);
});
