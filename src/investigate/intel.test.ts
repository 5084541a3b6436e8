import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { importIntel } from '../intel/import.js';
import { IntelStore } from '../intel/store.js';
import { defaultRegistry } from '../read/formats/index.js';
import { PROJECT_ROOT, sharedData } from '../testing/data.js';
import { investigate } from './run.js';

const LSASS_01 = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');
const PAYLOAD = 'e9196b871670af6307902fc4ca09f7cf3c309ae54b28e10d052ed8741090f928';

/** A STIX bundle whose hash indicator `indicates` a campaign, as a vendor report ships it. */
const BUNDLE = {
  type: 'bundle',
  id: 'bundle--6f1c3b1e-0000-4000-8000-000000000001',
  objects: [
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--6f1c3b1e-0000-4000-8000-000000000002',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      pattern_type: 'stix',
      pattern: `[file:hashes.'SHA-256' = '${PAYLOAD.toUpperCase()}']`,
      valid_from: '2026-01-01T00:00:00Z',
    },
    {
      type: 'campaign',
      spec_version: '2.1',
      id: 'campaign--6f1c3b1e-0000-4000-8000-000000000003',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      name: 'Panda Dust',
    },
    {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--6f1c3b1e-0000-4000-8000-000000000004',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      relationship_type: 'indicates',
      source_ref: 'indicator--6f1c3b1e-0000-4000-8000-000000000002',
      target_ref: 'campaign--6f1c3b1e-0000-4000-8000-000000000003',
    },
  ],
};

/** A MISP event naming the download server, tagged with a threat-actor galaxy. */
const EVENT = {
  Event: {
    uuid: '6f1c3b1e-0000-4000-8000-000000000005',
    info: 'Payload server',
    Tag: [{ name: 'misp-galaxy:threat-actor="Stevie Spider"' }],
    Attribute: [{ type: 'ip-dst', value: '10.0.5.13', uuid: 'a1', timestamp: '1700000000' }],
  },
};

async function run(home: string, input = LSASS_01) {
  return investigate({
    inputs: [input],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    home,
  });
}

test('LSASS_campaign_01 with imported intel: the hit and its campaign in the reasons', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-intel-e2e-'));
  try {
    writeFileSync(join(home, 'report.json'), JSON.stringify(BUNDLE));
    writeFileSync(join(home, 'event.json'), JSON.stringify(EVENT));
    const store = new IntelStore(home);
    const imported = await importIntel(
      [join(home, 'report.json'), join(home, 'event.json')],
      store,
      silentLogger,
    );
    store.close();
    assert.equal(imported.added, 2);

    const { report } = await run(home);
    const incident = report.incidents.find((i) => i.file.name === 'winx64_payload.exe');
    assert.ok(incident);
    assert.equal(incident.verdict, 'escalate');
    const reasons = incident.escalation.reasons.join('\n');
    assert.match(
      reasons,
      new RegExp(`known-bad indicator: sha256 ${PAYLOAD}.*campaign Panda Dust`),
    );
    assert.match(reasons, /origin tied to known campaign or actor: campaign Panda Dust/);
    assert.match(reasons, /threat-actor Stevie Spider/);

    // The hit records which indicator, from which source, with which attribution.
    const intel = incident.indicators.flatMap((h) => h.intel ?? []);
    const hash = intel.find((m) => m.type === 'sha256');
    assert.deepEqual(hash, {
      type: 'sha256',
      value: PAYLOAD,
      source: BUNDLE.id.replace(/^/, 'stix:'),
      ref: 'indicator--6f1c3b1e-0000-4000-8000-000000000002',
      attribution: [{ kind: 'campaign', name: 'Panda Dust' }],
      observed: `sha256 ${PAYLOAD}`,
    });
    const ip = intel.find((m) => m.type === 'ip');
    assert.equal(ip?.source, 'misp:6f1c3b1e-0000-4000-8000-000000000005');
    assert.equal(incident.checklist.find((c) => c.id === 'hash-lookup')?.status, 'done');

    // Sightings: the next campaign's payload came from the same server. The store lists both
    // incidents under the indicator and the repeated-source question counts it.
    const next = await run(home, sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02'));
    const second = next.report.incidents.find((i) => i.file.name === 'happy_image.jpeg.exe');
    assert.ok(second);
    const repeated = second.questions.find((q) => q.id === 'repeated-source');
    assert.equal(repeated?.answer, 'yes');
    assert.match(repeated?.explanation ?? '', /known indicator ip 10\.0\.5\.13 \(2 times\)/);
    const again = new IntelStore(home);
    assert.deepEqual(
      again
        .sightingsOf('ip', '10.0.5.13')
        .map((s) => s.incidentId)
        .sort(),
      [incident.id, second.id].sort(),
    );
    assert.deepEqual(
      again.sightingsOf('sha256', PAYLOAD).map((s) => s.incidentId),
      [incident.id],
    );
    again.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('--ioc lists keep working beside the store: label as campaign, sender as origin', async () => {
  const home = mkdtempSync(join(tmpdir(), 'lw-ioc-'));
  try {
    const list = join(home, 'bad.txt');
    writeFileSync(list, 'billing@northwind-invoices.com # Invoice Lures\nnot-an-indicator!\n');
    const { report } = await investigate({
      inputs: [join(PROJECT_ROOT, 'examples', 'scenario')],
      registry: defaultRegistry(),
      settings: withSettings({}),
      logger: silentLogger,
      iocFiles: [list],
    });
    const escalated = report.incidents.filter((i) => i.verdict === 'escalate');
    assert.equal(escalated.length, 1);
    const reasons = escalated[0]!.escalation.reasons.join('\n');
    assert.match(reasons, /email billing@northwind-invoices\.com is a known-bad indicator/);
    assert.match(reasons, /origin tied to known campaign or actor: campaign Invoice Lures/);
    assert.deepEqual(
      report.stats.problems.filter((p) => p.input === list).map((p) => `${p.code} ${p.location}`),
      ['bad-record line 2'],
    );
    const dismissed = report.incidents.find((i) => i.verdict === 'dismiss');
    assert.ok(
      dismissed?.indicators.every((h) => !h.intel),
      'the vendor download has no hit',
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
