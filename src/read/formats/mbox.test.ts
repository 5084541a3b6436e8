import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { DEFAULT_READ_LIMITS } from '../types.js';
import { mboxReader } from './mbox.js';

const SAMPLES = ['sample-352.eml', 'sample-1266.eml', 'sample-2939.eml'];
const separator = (n: number): Buffer =>
  Buffer.from(`From sender${n}@example.com Mon Jan  1 00:00:00 2024\n`);

function mailbox(messages: Buffer[]): Buffer {
  return Buffer.concat(messages.flatMap((raw, i) => [separator(i), raw, Buffer.from('\n')]));
}

test('mbox: messages read as they do one by one, raw 8-bit names intact', async () => {
  const dir = sharedData('email', 'phishing_pot', 'email');
  const raws = SAMPLES.map((name) => readFileSync(join(dir, name)));
  const single = await readPaths(SAMPLES.map((name) => join(dir, name)));

  const box = mailbox(raws);
  assert.equal(mboxReader.sniff({ name: 'box', head: box.subarray(0, 65536) }), 90);
  const { events, problems } = await readWith(mboxReader, bufferSource('box', box, 1000));
  assert.deepEqual(problems, []);
  assert.equal(events.length, 3);
  events.forEach((event, i) => {
    const alone = single.events[i];
    assert.equal(event.lurewatch.format, 'mbox');
    assert.equal(event['@timestamp'], alone?.['@timestamp']);
    assert.equal(event.email?.message_id, alone?.email?.message_id);
    assert.deepEqual(event.email?.attachments, alone?.email?.attachments);
  });
  assert.equal(events[0]?.email?.attachments?.[0]?.file.name, '\u00a92023MicrosoftCorporation.pdf');
  // Each message is located by its separator line: after the first message's own lines
  // (it ends in a newline) and the blank line that closes it.
  const firstLines = (raws[0] ?? Buffer.alloc(0)).toString('latin1').split('\n').length - 1;
  assert.deepEqual(
    events.slice(0, 2).map((e) => e.lurewatch.location),
    ['line 1', `line ${1 + firstLines + 2}`],
  );
});

test('mbox: an oversized or undated message is reported; its neighbours still read', async () => {
  const dated = (subject: string, body: string): Buffer =>
    Buffer.from(
      `From: a@example.com\nSubject: ${subject}\nDate: Tue, 1 Aug 2023 10:00:00 +0000\n\n${body}\n`,
    );
  const box = mailbox([
    dated('one', 'short'),
    dated('big', 'x'.repeat(5000)),
    Buffer.from('From: a@example.com\nSubject: no date\n\nbody\n'),
    dated('four', 'From the start, a body line that is not a separator'),
  ]);
  const limits = { ...DEFAULT_READ_LIMITS, maxMessageBytes: 1000 };
  const { events, problems } = await readWith(mboxReader, bufferSource('box', box, 64), limits);
  assert.deepEqual(
    events.map((e) => e.email?.subject),
    ['one', 'four'],
  );
  // One newline ends the body; the blank line before the next separator is not kept.
  assert.equal(
    events[1]?.email?.body_excerpt,
    'From the start, a body line that is not a separator\n',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.location]),
    [
      ['record-too-large', 'line 8'],
      ['missing-timestamp', 'line 15'],
    ],
  );
});

test('mbox: sniffing wants a From_ line followed by headers', () => {
  const sniff = (text: string): number => mboxReader.sniff({ name: 'x', head: Buffer.from(text) });
  assert.equal(sniff('From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\nSubject: s\nDate: d\n\n'), 90);
  assert.equal(sniff('From: a@b\nSubject: s\nDate: d\n\n'), 0);
  assert.equal(sniff('From here on, prose.\nMore prose.\n'), 0);
});
