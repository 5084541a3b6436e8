/**
 * Every reader's sniffer runs against every input; this pins, for each real sample and for the
 * specimens of formats with no public sample, which reader wins, so that adding a reader cannot
 * quietly take another's inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROJECT_ROOT, sharedData } from '../../testing/data.js';
import { peek } from '../chunks.js';
import { expandInputs } from '../inputs.js';
import { SNIFF_BYTES } from '../types.js';
import { defaultRegistry } from './index.js';

const PIPELINE = ['_dev', 'test', 'pipeline'];
const ELASTIC = (pkg: string, stream: string, file: string): string =>
  sharedData('elastic-integrations', 'packages', pkg, 'data_stream', stream, ...PIPELINE, file);

/** [sample, the reader that must win]; zips name the reader of their members. */
const SAMPLES: Array<[() => string, string]> = [
  [() => sharedData('evtx', 'golden', 'attack-samples', 'Other', 'emotet'), 'evtx-json'],
  [
    () =>
      sharedData(
        'evtx',
        'golden',
        'attack-samples',
        'Credential Access',
        'CA_chrome_firefox_opera_4663.jsonl',
      ),
    'evtx-json',
  ],
  [() => `${PROJECT_ROOT}/examples/scenario/proxy/access.log`, 'squid'],
  [() => `${PROJECT_ROOT}/examples/scenario/mail/invoice-4471.eml`, 'eml'],
  [() => sharedData('email', 'phishing_pot', 'email', 'sample-10.eml'), 'eml'],
  [
    () =>
      sharedData(
        'otrf',
        'datasets',
        'compound',
        'apt29',
        'day1',
        'zeek',
        'individual_zeek_logs',
        'SCRANTON_http.log',
      ),
    'zeek-json',
  ],
  [
    () =>
      sharedData(
        'otrf',
        'datasets',
        'compound',
        'LSASS_campaign_01',
        'metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip',
      ),
    'zeek-tsv',
  ],
  [
    () =>
      sharedData(
        'otrf',
        'datasets',
        'compound',
        'GoldenSAMLADFSMailAccess',
        'Microsoft365DefenderEvents.Zip',
      ),
    'm365-defender-json',
  ],
  [() => ELASTIC('m365_defender', 'event', 'test-email.log'), 'm365-defender-json'],
  [() => ELASTIC('squid', 'log', 'test-access.log'), 'squid'],
  [() => ELASTIC('squid', 'log', 'test-access-extensive.log'), 'squid-extended'],
  [() => ELASTIC('zscaler_zia', 'web', 'test-web.log'), 'zscaler-json'],
  [
    () =>
      sharedData(
        'otrf',
        'datasets',
        'compound',
        'Log4Shell',
        'syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference.zip',
      ),
    'auoms-json',
  ],
];

/** Specimens built from the documented layouts, for formats without a public sample. */
const SPECIMENS: Array<[name: string, text: string, reader: string]> = [
  [
    'defender.csv',
    'Timestamp,DeviceId,DeviceName,ActionType,FileName,FolderPath,SHA256,ReportId\n' +
      '2024-03-04T09:16:00Z,d1,ws01,ProcessCreated,a.exe,C:\\a.exe,,14\n',
    'm365-defender-csv',
  ],
  [
    'nss.log',
    '"Mon Jun 20 15:29:11 2022","new-gre","HTTP","ebay.com/","Blocked","Ebay","Consumer Apps",' +
      '"72","14061","0","0","Productivity Loss","Shopping and Auctions","Online Shopping","None",' +
      '"None","0","None","None","new-gre","Default Department","172.17.3.49","66.211.175.229",' +
      '"GET","403","curl/7.68.0","None","FwFilter","Firewall_1","Other","None","NA","NA","N/A"\n',
    'zscaler-csv',
  ],
  [
    'combined.log',
    '10.1.2.3 - - [04/Mar/2024:09:15:02 +0100] "GET http://a.example/ HTTP/1.1" 200 512 "-" ' +
      '"curl/8" TCP_MISS:HIER_DIRECT\n',
    'squid-combined',
  ],
  [
    'audit.log',
    'type=SYSCALL msg=audit(1709630100.120:501): arch=c000003e syscall=59 success=yes ' +
      'pid=2230 comm="curl" exe="/usr/bin/curl"\n' +
      'type=EOE msg=audit(1709630100.120:501):\n',
    'auditd',
  ],
  [
    'osqueryd.results.log',
    '{"name":"pack_ir_process_events","hostIdentifier":"h","unixTime":1709630100,' +
      '"columns":{"pid":"1","parent":"0","path":"/bin/sh","cmdline":"sh","time":"1709630100"},' +
      '"action":"added"}\n',
    'osquery-json',
  ],
  [
    'endpoint.ndjson',
    '{"@timestamp":"2024-03-05T09:16:00Z","agent":{"type":"endpoint"},"ecs":{"version":"8.10.0"},' +
      '"event":{"category":["process"],"type":["start"]},"process":{"pid":5120}}\n',
    'ecs-json',
  ],
];

async function winners(path: string): Promise<Map<string, string>> {
  const registry = defaultRegistry();
  const found = new Map<string, string>();
  for await (const item of expandInputs([path])) {
    if (item.kind !== 'input') continue;
    const { head } = await peek(item.source.chunks(), SNIFF_BYTES);
    found.set(item.source.name, registry.sniff({ name: item.source.name, head })?.id ?? 'none');
  }
  return found;
}

for (const [sample, expected] of SAMPLES) {
  test(`sniffing: ${expected} wins for its real sample`, async () => {
    const found = await winners(sample());
    assert.ok(found.size > 0, 'the sample holds inputs');
    for (const [name, id] of found) assert.equal(id, expected, name);
  });
}

test('sniffing: the right reader wins for each documented-layout specimen', () => {
  const registry = defaultRegistry();
  for (const [name, text, expected] of SPECIMENS) {
    const winner = registry.sniff({ name, head: Buffer.from(text) });
    assert.equal(winner?.id, expected, name);
  }
});
