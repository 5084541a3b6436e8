import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferSource, readWith } from '../../testing/read.js';
import { defaultRegistry } from './index.js';
import { exchangeTrackingReader, messageTraceReader } from './message-trace.js';

// Get-MessageTrace | Export-Csv, with the columns of the cmdlet's output object.
const TRACE = [
  '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace',
  '"PSComputerName","RunspaceId","PSShowComputerName","Organization","MessageId","Received",' +
    '"SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size",' +
    '"MessageTraceId","StartDate","EndDate","Index"',
  '"outlook.office365.com","8a1f","False","corp.onmicrosoft.com","<a1@lure.example>",' +
    '"3/5/2024 9:10:00 PM","billing@lure.example","alice@corp.example","Invoice 4471, overdue",' +
    '"Delivered","","198.51.100.7","48211","5f1c2a8e-0d4b-4c1e-9a7b-08dbf0c0ffee",' +
    '"3/4/2024 12:00:00 AM","3/6/2024 12:00:00 AM","0"',
].join('\r\n');

// An Exchange 2019 tracking log: header lines, then rows in the #Fields order.
const TRACKING = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.02.1118.007',
  '#Log-type: Message Tracking Log',
  '#Date: 2024-03-05T00:00:01.000Z',
  '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,' +
    'connector-id,source,event-id,internal-message-id,message-id,network-message-id,' +
    'recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,' +
    'reference,message-subject,sender-address,return-path,message-info,directionality,' +
    'tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,' +
    'log-id,schema-version',
  '2024-03-05T09:10:00.512Z,198.51.100.7,mx.lure.example,10.0.0.5,EX01,08DC3C,' +
    'EX01\\Default Frontend EX01,SMTP,RECEIVE,12345,<a1@lure.example>,' +
    '5f1c2a8e-0d4b-4c1e-9a7b-08dbf0c0ffee,alice@corp.example;bob@corp.example,,48211,2,,,' +
    '"Invoice 4471, overdue",billing@lure.example,bounce@lure.example,,Incoming,,' +
    '198.51.100.7,10.0.0.5,,Email,abc,15.02.1118.007',
].join('\n');

test('message trace: Get-MessageTrace CSV, US dates read as UTC, quoted commas kept', async () => {
  const { events, problems } = await readWith(messageTraceReader, bufferSource('trace.csv', TRACE));
  assert.deepEqual(problems, []);
  assert.equal(events.length, 1);
  const mail = events[0]!;
  assert.equal(mail['@timestamp'], '2024-03-05T21:10:00.000Z');
  assert.deepEqual(mail.email, {
    from: { address: 'billing@lure.example' },
    to: { address: ['alice@corp.example'] },
    subject: 'Invoice 4471, overdue',
    message_id: '<a1@lure.example>',
    local_id: '5f1c2a8e-0d4b-4c1e-9a7b-08dbf0c0ffee',
    sender_ip: '198.51.100.7',
    delivery_action: 'Delivered',
  });
  assert.equal(mail.lurewatch.source, 'email');
});

test('exchange tracking log: the #Fields header names the columns; recipients split', async () => {
  const { events, problems } = await readWith(
    exchangeTrackingReader,
    bufferSource('MSGTRK.LOG', TRACKING),
  );
  assert.deepEqual(problems, []);
  const mail = events[0]!;
  assert.equal(mail['@timestamp'], '2024-03-05T09:10:00.512Z');
  assert.equal(mail.event.action, 'receive');
  assert.deepEqual(mail.email?.to?.address, ['alice@corp.example', 'bob@corp.example']);
  assert.equal(mail.email?.subject, 'Invoice 4471, overdue');
  assert.equal(mail.email?.return_path, 'bounce@lure.example');
  assert.equal(mail.email?.direction, 'inbound');
  assert.equal(mail.email?.sender_ip, '198.51.100.7');
  assert.equal(mail.host?.name, 'EX01');
});

test('message trace and tracking log: each sniffed by its own reader', () => {
  const registry = defaultRegistry();
  assert.equal(registry.sniff({ name: 'a', head: Buffer.from(TRACE) })?.id, 'm365-message-trace');
  assert.equal(registry.sniff({ name: 'b', head: Buffer.from(TRACKING) })?.id, 'exchange-tracking');
});
