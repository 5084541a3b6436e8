import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../testing/temp.js';
import { defaultOptions } from './index.js';
import { analyzePaths } from './inputs.js';
import type { ItemReport } from './types.js';

function message(subject: string, attachment: string): string {
  return [
    'From: Billing <billing@examp1e.com>',
    'To: jane@example.com',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'The archive password is 1234.',
    '>From the team',
    '--b1',
    `Content-Type: application/octet-stream; name="${attachment}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('just text').toString('base64'),
    '--b1--',
    '',
  ].join('\n');
}

async function collect(paths: string[], ownDomains: string[] = []): Promise<ItemReport[]> {
  const items: ItemReport[] = [];
  for await (const item of analyzePaths(paths, defaultOptions({ ownDomains }))) items.push(item);
  return items;
}

describe('inputs', () => {
  it('opens a message attached to a message', async (t) => {
    const inner = message('inner', 'payload.js');
    const outer = [
      'From: Forwarder <fwd@example.com>',
      'Subject: Fwd: inner',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--outer',
      'Content-Type: message/rfc822; name="inner.eml"',
      'Content-Disposition: attachment; filename="inner.eml"',
      '',
      inner,
      '--outer--',
      '',
    ].join('\n');
    const dir = await tempDir(t, 'nested');
    await writeFile(join(dir, 'outer.eml'), outer);
    const [item] = await collect([join(dir, 'outer.eml')], ['example.com']);
    const attached = item?.files[0];
    assert.equal(attached?.detectedType, 'eml');
    assert.ok(attached?.findings.some((f) => f.id === 'sender-lookalike-domain'));
    assert.equal(attached?.children[0]?.path, 'inner.eml/payload.js');
  });

  it('splits an mbox into messages, each with its trace and attachments', async (t) => {
    const dir = await tempDir(t, 'mbox');
    const mbox = join(dir, 'inbox.mbox');
    await writeFile(
      mbox,
      `From a@b Mon Jan  1 00:00:00 2024\n${message('one', 'a.txt')}` +
        `From a@b Mon Jan  1 00:00:01 2024\n${message('two', 'invoice.pdf.exe')}`,
    );
    const items = await collect([dir], ['example.com']);
    assert.deepEqual(
      items.map((i) => [i.input, i.message?.subject, i.files[0]?.name]),
      [
        [`${mbox}#1`, 'one', 'a.txt'],
        [`${mbox}#2`, 'two', 'invoice.pdf.exe'],
      ],
    );
    const ids = items[1]?.message?.findings.map((f) => f.id) ?? [];
    assert.ok(ids.includes('sender-lookalike-domain'));
    assert.ok(items[1]?.files[0]?.findings.some((f) => f.id === 'name-double-extension'));
  });
});
