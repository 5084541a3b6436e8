import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffIntelFormat } from './index.js';
import { plainFormat } from './plain.js';

// Specimens in the published export layouts: commented header line, quoted fields.
const quoted = (fields: string[], sep = ','): string => fields.map((f) => `"${f}"`).join(sep);

const BAZAAR = [
  '################################################################',
  '# MalwareBazaar full data dump (CSV)                           #',
  '################################################################',
  `# ${quoted([
    ...['first_seen_utc', 'sha256_hash', 'md5_hash', 'sha1_hash', 'reporter', 'file_name'],
    ...['file_type_guess', 'mime_type', 'signature', 'clamav', 'vtpercent', 'imphash'],
    ...['ssdeep', 'tlsh'],
  ])}`,
  quoted([
    ...['2024-05-01 10:00:00', 'a'.repeat(64), 'b'.repeat(32), 'c'.repeat(40), 'anon'],
    ...['Invoice.exe', 'exe', 'application/x-dosexec', 'AgentTesla', 'n/a', 'n/a', 'x', 'y', 'z'],
  ]),
  '',
].join('\n');

const URLHAUS = [
  '# URLhaus database dump (CSV)',
  '# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter',
  quoted([
    ...['1', '2024-05-01 10:00:00', 'http://bad.example/p.exe', 'online'],
    ...['2024-05-02 11:00:00', 'malware_download', 'Emotet,exe'],
    ...['https://urlhaus.abuse.ch/url/1/', 'anon'],
  ]),
  '',
].join('\n');

const THREATFOX = [
  '# ThreatFox IOCs: CSV export',
  `# ${quoted([
    ...['first_seen_utc', 'ioc_id', 'ioc_value', 'ioc_type', 'threat_type', 'fk_malware'],
    ...['malware_alias', 'malware_printable', 'last_seen_utc', 'confidence_level'],
    ...['reference', 'tags', 'anonymous', 'reporter'],
  ])}`,
  quoted(
    [
      ...['2024-05-01 10:00:00', '1', '198.51.100.7:443', 'ip:port', 'botnet_cc'],
      ...['win.cobalt_strike', 'Agentemis', 'Cobalt Strike', '', '75', '', 'CobaltStrike'],
      ...['0', 'anon'],
    ],
    ', ',
  ),
  quoted(
    [
      ...['2024-05-01 10:00:00', '2', 'd'.repeat(64), 'sha256_hash', 'payload', 'win.qakbot'],
      ...['None', 'QakBot', '', '100', '', 'None', '0', 'anon'],
    ],
    ', ',
  ),
  '',
].join('\n');

const THREATFOX_JSON = JSON.stringify({
  '3': [
    {
      ioc_value: 'evil.example',
      ioc_type: 'domain',
      threat_type: 'botnet_cc',
      malware_printable: 'IcedID',
      first_seen_utc: '2024-05-01 10:00:00',
      last_seen_utc: null,
      confidence_level: 50,
      tags: 'IcedID',
    },
  ],
});

function parse(text: string) {
  const format = sniffIntelFormat(text, 'feed');
  assert.ok(format);
  return { id: format.id, ...format.parse({ name: 'feed', text }) };
}

test('MalwareBazaar rows give hashes and the name, attributed to the signature', () => {
  const r = parse(BAZAAR);
  assert.equal(r.id, 'malwarebazaar');
  assert.deepEqual(
    r.indicators.map((i) => i.type),
    ['sha256', 'sha1', 'md5', 'filename'],
  );
  assert.deepEqual(r.indicators[0]!.attribution, [{ kind: 'malware', name: 'AgentTesla' }]);
  assert.equal(r.indicators[0]!.firstSeen, '2024-05-01T10:00:00.000Z');
  assert.equal(r.indicators[3]!.value, 'invoice.exe');
});

test('URLhaus rows give the URL with its dates and tags', () => {
  const r = parse(URLHAUS);
  assert.equal(r.id, 'urlhaus');
  assert.equal(r.indicators.length, 1);
  const [url] = r.indicators;
  assert.equal(url!.value, 'http://bad.example/p.exe');
  assert.equal(url!.lastSeen, '2024-05-02T11:00:00.000Z');
  assert.deepEqual(url!.tags, ['Emotet', 'exe', 'malware_download']);
  assert.deepEqual(url!.attribution, [{ kind: 'malware', name: 'Emotet' }]);
});

test('ThreatFox CSV and JSON: ip:port keeps the address, confidence and family', () => {
  const r = parse(THREATFOX);
  assert.equal(r.id, 'threatfox');
  assert.deepEqual(
    r.indicators.map((i) => `${i.type} ${i.value} ${i.confidence} ${i.attribution[0]?.name}`),
    ['ip 198.51.100.7 75 Cobalt Strike', `sha256 ${'d'.repeat(64)} 100 QakBot`],
  );
  const j = parse(THREATFOX_JSON);
  assert.equal(j.id, 'threatfox');
  assert.deepEqual(
    j.indicators.map((i) => `${i.type} ${i.value} ${i.attribution[0]?.name}`),
    ['domain evil.example IcedID'],
  );
});

test('plain lists: types by shape, explicit names, labels, refanged values, bad lines', () => {
  const text = [
    '# my list',
    `${'E'.repeat(64)}  # Operation Panda`,
    'hxxp://bad[.]example/x.exe',
    'filename: Rechnung.pdf.exe',
    '192.0.2.0/24',
    'not an indicator at all',
    'billing@bad.example # Panda',
  ].join('\n');
  const r = plainFormat.parse({ name: '/x/list.txt', text });
  assert.deepEqual(
    r.indicators.map((i) => `${i.type} ${i.value}`),
    [
      `sha256 ${'e'.repeat(64)}`,
      'url http://bad.example/x.exe',
      'filename rechnung.pdf.exe',
      "stix-pattern [ipv4-addr:value = '192.0.2.0/24']",
      'email billing@bad.example',
    ],
  );
  assert.deepEqual(r.indicators[0]!.attribution, [{ kind: 'campaign', name: 'Operation Panda' }]);
  assert.deepEqual(
    r.problems.map((p) => `${p.code} ${p.location}`),
    ['bad-record line 6'],
  );
  assert.equal(r.indicators[0]!.source, 'list:list.txt');
});
