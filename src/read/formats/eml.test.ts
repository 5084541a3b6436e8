import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LwEvent } from '../../model/event.js';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { DEFAULT_READ_LIMITS } from '../types.js';
import { emlReader } from './eml.js';

const POT = (): string => sharedData('email', 'phishing_pot', 'email');

async function readSample(name: string): Promise<LwEvent> {
  const { events, problems } = await readPaths([join(POT(), name)]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 1);
  return events[0] as LwEvent;
}

/**
 * Cuts a base64 part out of the raw message text by hand: the body after the blank line that
 * follows `marker`, up to the next boundary line. Independent of any MIME library.
 */
function sha256OfPartAfter(raw: string, marker: string): string {
  const at = raw.indexOf(marker);
  assert.notEqual(at, -1, `marker ${marker} not in message`);
  const blank = /\r?\n\r?\n/.exec(raw.slice(at));
  assert.ok(blank);
  const lines: string[] = [];
  for (const line of raw.slice(at + blank.index + blank[0].length).split(/\r?\n/)) {
    if (line.startsWith('--')) break;
    lines.push(line.trim());
  }
  return createHash('sha256')
    .update(Buffer.from(lines.join(''), 'base64'))
    .digest('hex');
}

const ATTACHMENTS: Record<string, Array<[name: string, marker: string]>> = {
  'sample-1266.eml': [['quotation.iso', 'attachment; filename="quotation.iso"']],
  'sample-1261.eml': [
    ['PO45638 - PO76483.Xls.htm', 'attachment; filename="PO45638 - PO76483.Xls.htm"'],
  ],
  'sample-2939.eml': [['reviewdocument_txtid$3545767\u034f\u034f.RTF', 'application/rtf;']],
  'sample-3641.eml': [
    ['FotoCivicas.rCNuVDM3in.pdf', 'name="FotoCivicas.rCNuVDM3in.pdf"'],
    ['FotoCivicas.dsBsfqpJ3z.zip', 'name="FotoCivicas.dsBsfqpJ3z.zip"'],
    ['FotoCivicas.QvizC3Gvmj.png', 'name="FotoCivicas.QvizC3Gvmj.png"'],
  ],
};

test('eml: every attachment hash matches a hand decode of the raw part', async () => {
  for (const [sample, expected] of Object.entries(ATTACHMENTS)) {
    const event = await readSample(sample);
    const raw = readFileSync(join(POT(), sample), 'latin1');
    const named = (event.email?.attachments ?? []).filter((a) => a.file.name !== undefined);
    assert.deepEqual(
      named.map((a) => a.file.name),
      expected.map(([name]) => name),
      sample,
    );
    for (const [name, marker] of expected) {
      const file = named.find((a) => a.file.name === name)?.file;
      assert.equal(file?.hash?.sha256, sha256OfPartAfter(raw, marker), `${sample} ${name}`);
    }
  }
});

test('eml: sample-1266 yields the ISO with the digest the corpus documents', async () => {
  const event = await readSample('sample-1266.eml');
  assert.equal(event['@timestamp'], '2020-01-14T08:06:05.000Z');
  assert.equal(event.event.category[0], 'email');
  assert.equal(event.lurewatch.source, 'email');
  const email = event.email;
  assert.equal(email?.from?.address, 'Paol.Reggiani@moss.it');
  assert.deepEqual(email?.to?.address, ['wpx@protonmail.com']);
  assert.equal(email?.return_path, 'Paol.Reggiani@moss.it');
  assert.equal(email?.sender_ip, '213.227.154.65');
  assert.match(email?.subject ?? '', /^FW: Due Invoice Payment/);
  const iso = email?.attachments?.[0]?.file;
  assert.equal(iso?.name, 'quotation.iso');
  assert.equal(iso?.size, 114688);
  assert.equal(iso?.mime_type, 'application/octet-stream');
  assert.equal(
    iso?.hash?.sha256,
    '75fdb848eac332b4ca7d88f497e7ba7ebbb9a798d825b28cf1f87b9d7149e87f',
  );
});

test('eml: the sender IP is the lowest Received hop with a public address', async () => {
  // Lowest hop: `from [127.0.0.1] (34.253.101.34.bc.googleusercontent.com. [34.101.253.34])`.
  const event = await readSample('sample-2939.eml');
  assert.equal(event.email?.sender_ip, '34.101.253.34');
  assert.equal(event.email?.reply_to, undefined);
});

test('eml: file names with invisible characters or raw 8-bit bytes come through', async () => {
  const rtf = (await readSample('sample-2939.eml')).email?.attachments?.[0]?.file;
  assert.equal(rtf?.name, 'reviewdocument_txtid$3545767\u034f\u034f.RTF');
  assert.equal(rtf?.extension, 'rtf');
  // sample-352 names its PDF with a bare 0xA9 byte (Latin-1 copyright sign), no charset.
  const pdf = (await readSample('sample-352.eml')).email?.attachments?.[0]?.file;
  assert.equal(pdf?.name, '\u00a92023MicrosoftCorporation.pdf');
});

test('eml: the whole phishing_pot folder reads, one event or problem per message', async () => {
  const files = readdirSync(POT()).filter((f) => f.endsWith('.eml'));
  const { events, problems } = await readPaths([POT()]);
  const inputs = new Set([
    ...events.map((e) => e.lurewatch.input),
    ...problems.map((p) => p.input),
  ]);
  assert.equal(inputs.size, files.length);
  assert.equal(events.length, 27);
  assert.deepEqual(problems, []);
  for (const event of events) {
    assert.match(event['@timestamp'], /^20\d\d-/);
    assert.ok(event.email?.from?.address, event.lurewatch.input);
    for (const attachment of event.email?.attachments ?? []) {
      assert.match(attachment.file.hash?.sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.match(attachment.file.hash?.md5 ?? '', /^[0-9a-f]{32}$/);
    }
  }
});

function message(headers: string[], body: string): string {
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

const GOOD = Buffer.from('MZ good bytes');
const MULTIPART = [
  'From: Billing <billing@example.com>',
  'To: user@example.org',
  'Subject: Invoice',
  'Date: Tue, 01 Aug 2023 10:00:00 +0200',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
];

test('eml: a part in an unknown transfer encoding is a problem; the rest yields', async () => {
  const body = [
    '--b1',
    'Content-Type: text/plain',
    '',
    'Password for the archive: 1234',
    '--b1',
    'Content-Type: application/octet-stream; name="a.bin"',
    'Content-Transfer-Encoding: x-rot13',
    'Content-Disposition: attachment; filename="a.bin"',
    '',
    'nopqrst',
    '--b1',
    'Content-Type: application/zip; name="invoice\u202etxt.zip"',
    'Content-Transfer-Encoding: base64',
    "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEtxt.zip",
    '',
    GOOD.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
  const { events, problems } = await readWith(
    emlReader,
    bufferSource('bad.eml', message(MULTIPART, body), 7),
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [['bad-mime', 'part 2']],
  );
  assert.equal(events.length, 1);
  const event = events[0] as LwEvent;
  assert.equal(event['@timestamp'], '2023-08-01T08:00:00.000Z');
  assert.equal(event.email?.body_excerpt, 'Password for the archive: 1234');
  const [broken, zip] = event.email?.attachments ?? [];
  assert.equal(broken?.file.name, 'a.bin');
  assert.equal(broken?.file.hash, undefined);
  assert.equal(zip?.file.name, 'invoice\u202etxt.zip');
  assert.equal(zip?.file.hash?.sha256, createHash('sha256').update(GOOD).digest('hex'));
  assert.equal(zip?.file.size, GOOD.length);
});

test('eml: raw UTF-8 names with RTLO and zero-width characters come through', async () => {
  const name = 'inv\u202etxt\u200b.exe';
  const body = [
    '--b1',
    `Content-Type: application/octet-stream; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    GOOD.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
  const { events } = await readWith(emlReader, bufferSource('rtlo.eml', message(MULTIPART, body)));
  assert.equal(events[0]?.email?.attachments?.[0]?.file.name, name);
  assert.equal(events[0]?.email?.attachments?.[0]?.file.extension, 'exe');
});

test('eml: a message cut short is a problem, and what arrived still yields', async () => {
  const raw = readFileSync(join(POT(), 'sample-1266.eml'));
  const cut = raw.subarray(0, Math.floor(raw.length * 0.8));
  const { events, problems } = await readWith(emlReader, bufferSource('cut.eml', cut, 65536));
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [['bad-mime', 'message']],
  );
  assert.equal(events.length, 1);
  const iso = events[0]?.email?.attachments?.[0]?.file;
  assert.equal(iso?.name, 'quotation.iso');
  assert.ok((iso?.size ?? 0) < 114688);
});

test('eml: without Date the newest Received time counts; without both, a problem', async () => {
  const received = [
    'Received: from a.example (a.example [192.168.1.5]) by b.example;\r\n' +
      ' Tue, 1 Aug 2023 10:00:00 +0000',
    'Received: from c.example (c.example [198.18.0.1]) by a.example;\r\n' +
      ' Tue, 1 Aug 2023 09:59:00 +0000',
  ];
  const dated = await readWith(
    emlReader,
    bufferSource('a.eml', message([...received, 'From: x@example.com', 'Subject: s'], 'hi')),
  );
  assert.equal(dated.events[0]?.['@timestamp'], '2023-08-01T10:00:00.000Z');
  // Both hops are private or reserved, so no sender address is claimed.
  assert.equal(dated.events[0]?.email?.sender_ip, undefined);

  const undated = await readWith(
    emlReader,
    bufferSource('b.eml', message(['From: x@example.com', 'Subject: s'], 'hi')),
  );
  assert.deepEqual(
    undated.problems.map((p) => [p.code, p.location]),
    [['missing-timestamp', 'message']],
  );
  assert.equal(undated.events.length, 0);
});

test('eml: headers, values and the body excerpt are capped', async () => {
  const headers = ['From: x@example.com', 'Date: Tue, 1 Aug 2023 10:00:00 +0000'];
  headers.push(`X-Long: ${'v'.repeat(5000)}`);
  for (let i = 0; i < 300; i += 1) headers.push(`X-Filler-${i}: ${i}`);
  const { events } = await readWith(
    emlReader,
    bufferSource('c.eml', message(headers, 'b'.repeat(10_000))),
  );
  const email = events[0]?.email;
  assert.equal(email?.headers?.length, 200);
  assert.equal(email?.headers?.[2]?.[1].length, 2000);
  assert.equal(email?.body_excerpt?.length, 4000);
});

test('eml: a message over the size cap is reported, not read', async () => {
  const limits = { ...DEFAULT_READ_LIMITS, maxMessageBytes: 100 };
  const text = message(
    ['From: x@example.com', 'Date: Tue, 1 Aug 2023 10:00:00 +0000'],
    'x'.repeat(200),
  );
  const { events, problems } = await readWith(emlReader, bufferSource('big.eml', text), limits);
  assert.equal(events.length, 0);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['record-too-large'],
  );
});

test('eml: sniffing wants a header block that starts the file', () => {
  const sniff = (text: string): number => emlReader.sniff({ name: 'x', head: Buffer.from(text) });
  assert.ok(sniff(message(MULTIPART, '')) >= 90);
  assert.equal(sniff('# a comment\nFrom: x\nSubject: y\nDate: z\n'), 0);
  assert.equal(sniff('{"From": "x", "Subject": "y"}\n'), 0);
  assert.equal(sniff('timestamp: 1\nagent: x\n'), 0);
});
