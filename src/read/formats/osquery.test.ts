import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bufferSource, readWith } from '../../testing/read.js';
import { osqueryReader } from './osquery.js';

// Result lines as osquery's filesystem logger writes them, with the columns of the
// process_events and file_events tables from the osquery schema (values are strings unless
// the logger runs with --logger_numerics).
const LINES = [
  {
    name: 'pack_ir_process_events',
    hostIdentifier: 'lnx-web-01',
    calendarTime: 'Tue Mar  5 09:15:00 2024 UTC',
    unixTime: 1709630100,
    epoch: 0,
    counter: 0,
    numerics: false,
    columns: {
      pid: '4242',
      parent: '4100',
      path: '/tmp/.x/invoice',
      cmdline: '/tmp/.x/invoice --quiet',
      cwd: '"/home/alice"',
      uid: '1000',
      auid: '1000',
      time: '1709630099',
      syscall: 'execve',
    },
    action: 'added',
  },
  {
    name: 'file_events',
    hostIdentifier: 'lnx-web-01',
    unixTime: 1709630200,
    diffResults: {
      added: [
        {
          target_path: '/home/alice/Downloads/invoice.sh',
          category: 'downloads',
          action: 'CREATED',
          size: '812',
          sha256: 'AB'.repeat(32),
          time: '1709630098',
        },
        { target_path: '/etc/hosts', category: 'etc', action: 'ACCESSED', time: '1709630101' },
      ],
      removed: [],
    },
  },
  { name: 'osquery_info', hostIdentifier: 'h', unixTime: 1, snapshot: [{ version: '5.11.0' }] },
  { name: 'process_events', hostIdentifier: 'h', columns: { pid: '1', parent: '0', cmdline: '' } },
];

test('osquery: process and file events from event, batch and snapshot lines', async () => {
  const text = LINES.map((line) => JSON.stringify(line)).join('\n');
  const { events, problems } = await readWith(
    osqueryReader,
    bufferSource('osqueryd.results.log', text),
  );
  assert.deepEqual(
    problems.map((p) => `${p.location} ${p.code}`),
    ['line 4 missing-timestamp'],
  );
  assert.equal(events.length, 3, 'the osquery_info snapshot is not an event');
  const [start, created, read] = events;
  assert.equal(start?.['@timestamp'], '2024-03-05T09:14:59.000Z');
  assert.equal(start?.host?.name, 'lnx-web-01');
  assert.deepEqual(start?.event.type, ['start']);
  assert.deepEqual(start?.process, {
    pid: 4242,
    executable: '/tmp/.x/invoice',
    name: 'invoice',
    command_line: '/tmp/.x/invoice --quiet',
    working_directory: '/home/alice',
    parent: { pid: 4100 },
  });
  assert.deepEqual(created?.event.type, ['creation']);
  assert.equal(created?.file?.path, '/home/alice/Downloads/invoice.sh');
  assert.equal(created?.file?.hash?.sha256, 'ab'.repeat(32));
  assert.equal(created?.file?.size, 812);
  assert.deepEqual(read?.event.type, ['access']);
  assert.notEqual(created?.lurewatch.id, read?.lurewatch.id, 'rows of one batch are distinct');
  assert.equal(osqueryReader.sniff({ name: 'x', head: Buffer.from(`${text}\n`) }), 90);
});
