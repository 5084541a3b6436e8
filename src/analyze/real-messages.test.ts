import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedData } from '../testing/data.js';
import { namedParts } from '../testing/mime-oracle.js';
import { analyzeMessage, defaultOptions, SEVERITY_RANK } from './index.js';
import type { FileReport, Finding, ItemReport } from './types.js';

const PHISHING = sharedData('email', 'phishing_pot', 'email');

async function analyze(path: string): Promise<ItemReport> {
  return analyzeMessage(readFileSync(path), path, defaultOptions());
}

function allFiles(item: ItemReport): FileReport[] {
  const out: FileReport[] = [];
  const walk = (file: FileReport) => {
    out.push(file);
    file.children.forEach(walk);
  };
  item.files.forEach(walk);
  return out;
}

function allFindings(item: ItemReport): Finding[] {
  return [
    ...item.findings,
    ...(item.message?.findings ?? []),
    ...allFiles(item).flatMap((f) => f.findings),
  ];
}

function ids(file: FileReport | undefined): string[] {
  return file?.findings.map((f) => f.id) ?? [];
}

describe('analyze on real messages', () => {
  const messages = [
    ...readdirSync(PHISHING).map((name) => join(PHISHING, name)),
    sharedData('email', 'pymisp', 'mail_3.eml'),
  ];

  it('finds every named part of every message with its name and sha256', async () => {
    let checked = 0;
    for (const path of messages) {
      const expected = namedParts(readFileSync(path));
      const item = await analyze(path);
      for (const part of expected) {
        const found = item.files.find((f) => f.sha256 === part.sha256);
        assert.ok(found, `${path}: ${part.name} (${part.sha256}) not reported`);
        assert.equal(found.name, part.name, `${path}: name of ${part.sha256}`);
        assert.equal(found.size, part.size);
        checked += 1;
      }
    }
    // 27 messages in the corpus hold 35 named parts between them (counted by the oracle).
    assert.equal(checked, 35);
  });

  it('reports the PE executable inside the ISO of sample-1266', async () => {
    const item = await analyze(join(PHISHING, 'sample-1266.eml'));
    const iso = item.files.find((f) => f.name === 'quotation.iso');
    assert.equal(iso?.sha256, '75fdb848eac332b4ca7d88f497e7ba7ebbb9a798d825b28cf1f87b9d7149e87f');
    assert.equal(iso?.detectedType, 'iso');
    const exe = iso?.children[0];
    assert.equal(exe?.sha256, 'f74d3364ef9d3e3df4173a7f12d48348af44bf150c0ffcd01f0054e86ebb7e0e');
    assert.equal(exe?.detectedType, 'pe');
    assert.equal(exe?.path, `quotation.iso/${exe?.name}`);
    assert.ok(
      iso?.findings.some(
        (f) => f.id === 'container-delivers-executable' && f.severity === 'critical',
      ),
    );
    assert.equal(item.message?.auth.spf, 'fail');
    assert.equal(item.message?.originatingIp, '213.227.154.65');
    assert.ok(item.indicators.hashes.includes(exe!.sha256));
  });

  it('flags the double extension of sample-1261', async () => {
    const item = await analyze(join(PHISHING, 'sample-1261.eml'));
    const lure = item.files.find((f) => f.name === 'PO45638 - PO76483.Xls.htm');
    assert.ok(ids(lure).includes('name-double-extension'));
  });

  it('flags the hidden characters of sample-2939', async () => {
    const item = await analyze(join(PHISHING, 'sample-2939.eml'));
    const [rtf] = item.files;
    assert.ok(rtf?.name.includes('\u034F'));
    assert.ok(ids(rtf).includes('name-hidden-characters'));
    const summary = rtf?.findings.find((f) => f.id === 'name-hidden-characters')?.summary;
    assert.match(summary ?? '', /<U\+034F><U\+034F>\.RTF/);
  });

  it('opens the zip of sample-3641 despite its junk bytes, notes the password lure', async () => {
    const item = await analyze(join(PHISHING, 'sample-3641.eml'));
    const zip = item.files.find((f) => f.name === 'FotoCivicas.dsBsfqpJ3z.zip');
    assert.ok(ids(zip).includes('zip-junk-bytes'));
    assert.ok(ids(zip).includes('zip-password-hint'));
    assert.equal(zip?.children.length, 1);
    assert.equal(zip?.children[0]?.name, 'FOTOCIVICA-08.08.24.pdf');
    assert.equal(zip?.children[0]?.detectedType, 'pdf');
  });

  it('traces the relays of sample-3641 oldest first with delays', async () => {
    const item = await analyze(join(PHISHING, 'sample-3641.eml'));
    const hops = item.message?.hops ?? [];
    assert.equal(hops.length, 5);
    assert.equal(hops[1]?.ip, '51.79.146.28');
    assert.equal(hops[1]?.from, 'infracc24.ddns.net');
    assert.equal(hops[1]?.delaySeconds, 190);
    assert.equal(item.message?.auth.dmarc, 'pass');
  });

  it('types disguised Apple configuration profiles from their bytes (sample-5709)', async () => {
    const item = await analyze(join(PHISHING, 'sample-5709.eml'));
    assert.deepEqual(
      item.files.map((f) => [
        f.name,
        f.detectedType,
        ids(f).includes('apple-configuration-profile'),
      ]),
      [
        ['trustwallet.mobile', 'pkcs7', true],
        ['trustwallet.config', 'pkcs7', true],
        ['trustwallet.mobileconfig', 'pkcs7', true],
      ],
    );
  });

  it('flags HTML smuggling in sample-402 and credential forms in sample-1258', async () => {
    const smuggling = await analyze(join(PHISHING, 'sample-402.eml'));
    const page = smuggling.files[0];
    assert.ok(ids(page).includes('html-smuggling'));
    // The page names its file in `a.download = "GDydFKtIKR.JS"`; the payload is a script.
    assert.equal(page?.children[0]?.name, 'GDydFKtIKR.JS');
    assert.equal(page?.children[0]?.detectedType, 'script');
    const form = await analyze(join(PHISHING, 'sample-1258.eml'));
    const finding = form.files[0]?.findings.find((f) => f.id === 'html-credential-form');
    assert.match(finding?.summary ?? '', /000webhostapp\.com/);
  });

  it('raises nothing high on the benign pymisp message', async () => {
    const item = await analyze(sharedData('email', 'pymisp', 'mail_3.eml'));
    const worst = allFindings(item).filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
    assert.deepEqual(worst, []);
    assert.equal(item.files.length, 3);
  });
});
