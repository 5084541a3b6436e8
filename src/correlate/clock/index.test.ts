import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../core/logger.js';
import { withSettings } from '../../core/settings.js';
import type { LwEvent } from '../../model/event.js';
import { SELECT_EVENTS, WorkingStore } from '../../store/working-store.js';
import { alignClocks } from './index.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const HOST_IP = '10.1.1.20';

/** One TCP connection as a host's EDR records it. */
function hostConnection(i: number, t: number): LwEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'sysmon' },
    lurewatch: { id: `h${i}`, format: 'sysmon-json', source: 'edr', input: 'h', location: '' },
    host: { name: 'ws1' },
    source: { ip: HOST_IP, port: 50_000 + i },
    destination: { ip: '203.0.113.9', port: 443 },
    network: { transport: 'tcp', direction: 'outbound' },
    original: {},
  };
}

/** The same connection as a network sensor logs it. */
function sensorConnection(i: number, t: number): LwEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'zeek.conn' },
    lurewatch: { id: `z${i}`, format: 'zeek-tsv', source: 'proxy', input: 'z', location: '' },
    source: { ip: HOST_IP, port: 50_000 + i },
    destination: { ip: '203.0.113.9', port: 443 },
    network: { transport: 'tcp' },
    original: {},
  };
}

/** A store holding `count` connections; the sensor's clock runs `sensorLag` behind the host. */
function storeWith(count: number, sensorLagMs: (i: number) => number): WorkingStore {
  const store = new WorkingStore();
  for (let i = 0; i < count; i += 1) {
    const t = BASE + i * 600_000;
    // The host writes its record a moment after the connection starts.
    store.add(hostConnection(i, t + (i % 3) * 400), t + (i % 3) * 400, []);
    const sensorT = t - sensorLagMs(i);
    store.add(sensorConnection(i, sensorT), sensorT, []);
  }
  store.seal();
  return store;
}

/** The sensor's events as correlation reads them back: common-clock time and noted offset. */
function sensorTimes(store: WorkingStore): Array<{ t: number; offset: number | undefined }> {
  const rows = store.query(`${SELECT_EVENTS} WHERE clock = 'zeek-tsv' ORDER BY id`);
  return rows.map((row) => ({ t: row.t, offset: row.event.lurewatch.clock_offset_ms }));
}

test('a sensor 5 hours behind is measured to the second and moved onto the host clock', () => {
  const lag = 5 * 3600_000 + 1234;
  const store = storeWith(6, () => lag);
  try {
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.source, 'zeek-tsv');
    assert.ok(Math.abs(estimate.offsetMs - lag) < 1000, `${estimate.offsetMs}`);
    assert.equal(estimate.pairs, 6);
    assert.deepEqual(estimate.matchedBy, ['five-tuple']);
    assert.equal(estimate.applied, true);
    // Every sensor row now sits within a second of the host's record of it.
    const hosts = store.values<{ t: number }>(
      `SELECT t FROM events WHERE clock = 'sysmon-json' ORDER BY id`,
    );
    sensorTimes(store).forEach((row, i) => {
      assert.ok(Math.abs(row.t - hosts[i]!.t) < 1000);
      assert.equal(row.offset, estimate.offsetMs);
    });
  } finally {
    store.close();
  }
});

test('one matched connection is reported but not applied', () => {
  const store = storeWith(1, () => 3600_000);
  try {
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.pairs, 1);
    assert.equal(estimate.applied, false);
    assert.match(estimate.reason, /weak support/);
    assert.equal(sensorTimes(store)[0]?.offset, undefined);
  } finally {
    store.close();
  }
});

test('connections whose differences disagree by hours are not applied', () => {
  const store = storeWith(5, (i) => i * 3600_000);
  try {
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.pairs, 5);
    assert.equal(estimate.applied, false);
  } finally {
    store.close();
  }
});

test('a configured offset overrides the estimate', () => {
  const store = storeWith(6, () => 7200_000);
  try {
    const settings = withSettings({ clockOffsets: { proxy: 0 } });
    const [estimate] = alignClocks(store, settings, silentLogger);
    assert.equal(estimate?.applied, false);
    assert.match(estimate.reason, /configured 0 ms overrides/);
    assert.equal(sensorTimes(store)[0]?.offset, undefined);
  } finally {
    store.close();
  }
});

test('clocks that already agree are left alone', () => {
  const store = storeWith(6, () => 0);
  try {
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.applied, false);
    assert.match(estimate.reason, /the clocks agree/);
  } finally {
    store.close();
  }
});

/** A download as the host's Mark-of-the-Web records it, and the proxy's record of the URL. */
function download(i: number, hostT: number, proxyT: number): [LwEvent, LwEvent] {
  const url = `http://files.example/${i}.exe`;
  const written: LwEvent = {
    '@timestamp': new Date(hostT).toISOString(),
    event: { kind: 'event', category: ['file'], type: ['creation'], dataset: 'sysmon' },
    lurewatch: { id: `f${i}`, format: 'sysmon-json', source: 'edr', input: 'h', location: '' },
    host: { name: 'ws1' },
    file: { path: `C:\\Users\\a\\Downloads\\${i}.exe:Zone.Identifier`, origin_url: url },
    original: {},
  };
  const proxied: LwEvent = {
    '@timestamp': new Date(proxyT).toISOString(),
    event: { kind: 'event', category: ['web'], type: ['access'], dataset: 'squid.access' },
    lurewatch: { id: `p${i}`, format: 'squid', source: 'proxy', input: 'p', location: '' },
    source: { ip: HOST_IP },
    url: { full: url },
    original: {},
  };
  return [written, proxied];
}

test('downloads matched by URL measure a proxy clock 40 minutes ahead', () => {
  const store = new WorkingStore();
  try {
    for (let i = 0; i < 4; i += 1) {
      const t = BASE + i * 3600_000;
      const [written, proxied] = download(i, t + 800, t + 2400_000);
      store.add(written, t + 800, []);
      store.add(proxied, t + 2400_000, []);
    }
    store.seal();
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.source, 'squid');
    assert.deepEqual(estimate.matchedBy, ['url']);
    assert.ok(Math.abs(estimate.offsetMs - (800 - 2400_000)) < 1000, `${estimate.offsetMs}`);
    assert.equal(estimate.applied, true);
  } finally {
    store.close();
  }
});

test('mail attachments opened after varying delays are not taken for a clock offset', () => {
  const store = new WorkingStore();
  try {
    // Users open the mails 2, 15, 40 and 90 minutes after they arrive.
    [2, 15, 40, 90].forEach((minutes, i) => {
      const sha256 = `${i}`.repeat(64);
      const received = BASE + i * 3600_000;
      const mail: LwEvent = {
        '@timestamp': new Date(received).toISOString(),
        event: { kind: 'event', category: ['email'], type: ['info'], dataset: 'eml' },
        lurewatch: { id: `m${i}`, format: 'eml', source: 'email', input: 'm', location: '' },
        email: { attachments: [{ file: { name: `${i}.exe`, hash: { sha256 } } }] },
        original: {},
      };
      const opened = received + minutes * 60_000;
      const run: LwEvent = {
        '@timestamp': new Date(opened).toISOString(),
        event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'sysmon' },
        lurewatch: { id: `r${i}`, format: 'sysmon-json', source: 'edr', input: 'h', location: '' },
        host: { name: 'ws1' },
        process: { executable: `C:\\Users\\a\\${i}.exe`, hash: { sha256 } },
        original: {},
      };
      store.add(mail, received, []);
      store.add(run, opened, []);
    });
    store.seal();
    const [estimate] = alignClocks(store, withSettings({}), silentLogger);
    assert.equal(estimate?.source, 'eml');
    assert.deepEqual(estimate.matchedBy, ['sha256']);
    assert.equal(estimate.pairs, 4);
    assert.equal(estimate.applied, false);
  } finally {
    store.close();
  }
});
