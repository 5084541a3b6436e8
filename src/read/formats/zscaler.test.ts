import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { zscalerCsvReader } from './zscaler.js';

const WEB_LOG = (): string =>
  sharedData(
    'elastic-integrations',
    'packages',
    'zscaler_zia',
    'data_stream',
    'web',
    '_dev',
    'test',
    'pipeline',
    'test-web.log',
  );

test('zscaler json: the NSS sample reads: URL, addresses, user and verdict', async () => {
  const { events, problems } = await readPaths([WEB_LOG()]);
  assert.deepEqual(problems, []);
  assert.equal(events.length, 6);
  assert.ok(events.every((e) => e.lurewatch.format === 'zscaler-json'));
  assert.ok(events.every((e) => e.lurewatch.source === 'proxy'));
  const [tunnel, post] = events;
  // NSS time has no zone; the feed's default zone is GMT.
  assert.equal(tunnel?.['@timestamp'], '2021-12-31T07:07:07.000Z');
  assert.equal(tunnel?.http?.request?.method, 'CONNECT');
  assert.deepEqual(tunnel?.url, { domain: 'www.example.com' });
  assert.equal(post?.url?.full, 'https://www.example.com.com/join/');
  assert.equal(post?.url?.path, '/join/');
  assert.equal(post?.source?.ip, '81.2.69.193');
  assert.equal(post?.destination?.ip, '89.160.20.156');
  assert.equal(post?.destination?.bytes, 14230);
  assert.equal(post?.http?.response?.status_code, 403);
  assert.equal(post?.event.action, 'Blocked');
  assert.equal(post?.user?.name, 'test@example.com');
  assert.equal(post?.host?.name, 'TestMachine35');
  assert.equal(post?.http?.request?.referrer, undefined, '"None" is no referrer');
  assert.equal(events.filter((e) => e.event.action === 'Allowed').length, 1);
  assert.deepEqual(events[5]?.destination, {
    domain: 'www.example.com',
    port: 443,
    ip: '89.160.20.112',
    bytes: 65,
  });
});

// The sample line of the NSS documentation for the default web feed, and a download.
const FEED = [
  '"Mon Jun 20 15:29:11 2022","new-gre","HTTP","ebay.com/","Blocked","Ebay","Consumer Apps",' +
    '"72","14061","0","0","Productivity Loss","Shopping and Auctions","Online Shopping","None",' +
    '"None","0","None","None","new-gre","Default Department","172.17.3.49","66.211.175.229",' +
    '"GET","403","curl/7.68.0","None","FwFilter","Firewall_1","Other","None","NA","NA","N/A"',
  '"Tue Mar  5 09:15:00 2024","alice@corp.example","HTTPS","files.example.net/a,b/invoice.iso",' +
    '"Allowed","General Browsing","General Browsing","410","1048576","12","3","Business Use",' +
    '"Information Technology","File Host","None","None","12","None","None","HQ","Finance",' +
    '"10.1.2.3","203.0.113.9","GET","200","Mozilla/5.0 (Windows NT 10.0; Win64; x64)",' +
    '"https://mail.example.com/","UrlCat","Allow_All","application/x-iso9660-image","None",' +
    '"alice","WS01"',
].join('\n');

test('zscaler csv: the default feed reads positionally, quoted commas kept', async () => {
  const { events, problems } = await readWith(zscalerCsvReader, bufferSource('nss.log', FEED));
  assert.deepEqual(problems, []);
  const [blocked, download] = events;
  assert.equal(blocked?.['@timestamp'], '2022-06-20T15:29:11.000Z');
  assert.equal(blocked?.url?.full, 'http://ebay.com/');
  assert.equal(blocked?.host, undefined, '"NA" is no host');
  assert.equal(download?.['@timestamp'], '2024-03-05T09:15:00.000Z');
  assert.equal(download?.url?.full, 'https://files.example.net/a,b/invoice.iso');
  assert.equal(download?.http?.response?.mime_type, 'application/x-iso9660-image');
  assert.equal(download?.http?.request?.referrer, 'https://mail.example.com/');
  assert.equal(download?.destination?.bytes, 1048576);
  assert.equal(download?.host?.name, 'WS01');
  assert.equal(zscalerCsvReader.sniff({ name: 'x', head: Buffer.from(`${FEED}\n`) }), 90);
});
