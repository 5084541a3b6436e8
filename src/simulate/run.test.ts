import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import type { LwEvent } from '../model/event.js';
import { defaultRegistry } from '../read/formats/index.js';
import { score } from '../score/index.js';
import { readPaths } from '../testing/read.js';
import { DEFAULT_SIMULATION, simulate, type SimulateOptions } from './run.js';
import type { Truth } from './truth.js';

const scratch = mkdtempSync(join(tmpdir(), 'lw-simulate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function options(out: string, users: number, days: number, seed: string): SimulateOptions {
  return { ...DEFAULT_SIMULATION, users, days, seed, out, logger: silentLogger };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function digestOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of files(dir)) {
    out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

// One run shared by the checks below: a few hundred people, one working day.
const SMALL = join(scratch, 'small');
const truth: Truth = simulate(options(SMALL, 200, 1, 'suite'));
const read = readPaths([join(SMALL, 'logs')]);

test('the same seed writes the same bytes; another seed does not', () => {
  const a = digestOf((simulate(options(join(scratch, 'a'), 30, 2, 's1')), join(scratch, 'a')));
  const b = digestOf((simulate(options(join(scratch, 'b'), 30, 2, 's1')), join(scratch, 'b')));
  const c = digestOf((simulate(options(join(scratch, 'c'), 30, 2, 's2')), join(scratch, 'c')));
  assert.ok(Object.keys(a).length > 10);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("every log reads with Lurewatch's readers, record for record", async () => {
  const { events, problems } = await read;
  // Wazuh alerts are written for the FIM reader; until one is registered they go unread.
  const unread = problems.filter((p) => !p.input.endsWith(join('fim', 'alerts.json')));
  assert.deepEqual(unread, []);
  const count = (format: string): number =>
    events.filter((e) => e.lurewatch.format === format).length;
  assert.equal(count('evtx-json'), truth.counts['edr']);
  assert.equal(count('squid'), truth.counts['proxy']);
  assert.equal(
    count('zeek-tsv'),
    (truth.counts['zeek-http'] ?? 0) + (truth.counts['zeek-files'] ?? 0),
  );
  assert.equal(count('eml'), truth.counts['email']);
});

test('every JSON line parses with JSON.parse and every message with mailparser', async () => {
  for (const name of ['edr/sysmon.json', 'fim/alerts.json']) {
    const lines = readFileSync(join(SMALL, 'logs', name), 'utf8')
      .trimEnd()
      .split('\n');
    for (const line of lines) JSON.parse(line);
  }
  const mails = files(join(SMALL, 'logs', 'mail'));
  assert.equal(mails.length, truth.counts['email']);
  let attachments = 0;
  for (const path of mails) {
    const mail = await simpleParser(readFileSync(path));
    assert.ok(mail.from?.value[0]?.address, path);
    attachments += mail.attachments.length;
  }
  assert.ok(attachments > 0);
});

test('the lure messages carry their real attachments', async () => {
  const names = new Map<string, string[]>();
  for (const entry of truth.entries) {
    const mail = entry.events.find((e) => e.input.endsWith('.eml'));
    if (!mail) continue;
    const parsed = await simpleParser(readFileSync(join(SMALL, mail.input)));
    names.set(entry.variant, [
      ...parsed.attachments.map((a) => `${a.filename} ${a.content.subarray(0, 4).toString('hex')}`),
      parsed.text ?? '',
    ]);
  }
  assert.match(names.get('double-extension-exe')?.[0] ?? '', /^Invoice_\d+\.pdf\.exe 4d5a/);
  assert.match(names.get('rtlo-screensaver')?.[0] ?? '', /\u202egpj\.scr 4d5a/);
  assert.match(names.get('office-macro')?.[0] ?? '', /\.docm 504b0304/);
  assert.match(names.get('password-zip')?.[0] ?? '', /\.zip 504b0304/);
  assert.match(names.get('password-zip')?.[1] ?? '', /Password: \d{4}/);
  assert.match(names.get('iso-shortcut')?.[0] ?? '', /\.iso 00000000/);
  assert.match(names.get('html-smuggling')?.[0] ?? '', /\.html 3c21444f/);
  assert.match(names.get('onenote-script')?.[0] ?? '', /\.one e4525c7b/);
});

test('every truth entry points at records that exist, with the ids Lurewatch gives them', async () => {
  const { events } = await read;
  const at = new Map<string, LwEvent>();
  for (const e of events)
    at.set(`${relative(SMALL, e.lurewatch.input)}|${e.lurewatch.location}`, e);
  const fim = readFileSync(join(SMALL, 'logs', 'fim', 'alerts.json'), 'utf8').split('\n');
  let checked = 0;
  for (const entry of truth.entries) {
    assert.ok(entry.events.length >= 3, `${entry.id} has ${entry.events.length} records`);
    for (const ref of entry.events) {
      checked += 1;
      if (ref.input.endsWith('alerts.json')) {
        const line = Number(ref.location.replace('line ', ''));
        assert.ok(fim[line - 1]?.startsWith('{'), `${entry.id} ${ref.input} ${ref.location}`);
        continue;
      }
      const event = at.get(`${ref.input}|${ref.location}`);
      assert.ok(event, `${entry.id}: no record at ${ref.input} ${ref.location}`);
      if (ref.id) assert.equal(event.lurewatch.id, ref.id);
    }
  }
  assert.ok(checked > 100);
});

test('investigate finds every executed lure and escalates none of the look-alikes', async () => {
  const { report } = await investigate({
    inputs: [join(SMALL, 'logs')],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
  });
  const result = score(truth, report);
  const variants = Object.entries(result.byVariant);
  assert.equal(variants.length, 12);
  for (const [name, v] of variants) {
    if (v.malicious) assert.equal(v.recall, v.executed > 0 ? 1 : null, `${name}: ${v.missed}`);
    else assert.equal(v.falseEscalations, 0, name);
  }
  assert.equal(result.falseEscalations, 0);
  assert.equal(result.precision, 1);
  // The blocked lure is for review, not escalation: it never reached its server.
  assert.equal(result.byVariant['blocked-lure']?.escalated, 0);
});
