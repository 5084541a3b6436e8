/**
 * Linux audit events to Lurewatch events. auditd splits one event over several records that
 * share a serial (SYSCALL, EXECVE, CWD, PATH, PROCTITLE); auoms folds them into one
 * AUOMS_EXECVE record. Either way a successful execve becomes a process start with its
 * command line; created and deleted paths become file events; the rest are kept as host events.
 */
import type { LwEvent } from '../../model/event.js';
import { baseName, fileFromPath, isoTime, meta } from '../meta.js';
import { fail, ok, type Outcome, type RecordPlace } from '../outcome.js';
import { compact } from '../row.js';
import { auditText, firstOfList, type AuditRecord } from './record.js';

export type { AuditRecord } from './record.js';
export { parseAuditLine } from './record.js';

type Content = Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original'>;

// execve and execveat by architecture (the `arch` field): x86_64, i386, aarch64.
const EXEC_SYSCALLS: Record<string, ReadonlySet<string>> = {
  c000003e: new Set(['59', '322']),
  '40000003': new Set(['11', '358']),
  c00000b7: new Set(['221', '281']),
};
const EXEC_NAMES = new Set(['execve', 'execveat']);

/** Most arguments joined into a command line; the kernel's own limit is far higher. */
const MAX_ARGS = 256;

function isExec(fields: Map<string, string>): boolean {
  const syscall = fields.get('syscall') ?? '';
  const named = fields.get('SYSCALL') ?? syscall;
  if (EXEC_NAMES.has(named)) return true;
  return EXEC_SYSCALLS[fields.get('arch') ?? '']?.has(syscall) ?? false;
}

function num(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

function commandLine(records: AuditRecord[], main: Map<string, string>): string | undefined {
  const cmdline = main.get('cmdline');
  if (cmdline !== undefined) return cmdline;
  const execve = records.find((r) => r.type === 'EXECVE')?.fields;
  if (execve) {
    const argc = Math.min(num(execve.get('argc')) ?? 0, MAX_ARGS);
    const args: string[] = [];
    for (let i = 0; i < argc; i += 1) {
      const arg = auditText(execve.get(`a${i}`));
      if (arg !== undefined) args.push(/\s/.test(arg) ? `"${arg}"` : arg);
    }
    if (args.length > 0) return args.join(' ');
  }
  return auditText(records.find((r) => r.type === 'PROCTITLE')?.fields.get('proctitle'));
}

function userOf(fields: Map<string, string>): LwEvent['user'] {
  const name = fields.get('UID') ?? fields.get('user');
  return name && name !== 'unset' ? { name: name.replace(/^"|"$/g, '') } : undefined;
}

function execEvent(records: AuditRecord[], main: Map<string, string>): Content {
  const executable = auditText(main.get('exe'));
  const succeeded = main.get('success') !== 'no';
  const cwd = auditText(
    main.get('cwd') ?? records.find((r) => r.type === 'CWD')?.fields.get('cwd'),
  );
  return compact({
    event: {
      kind: 'event' as const,
      category: ['process' as const],
      // A failed execve (a PATH search miss) started nothing.
      type: succeeded ? ['start'] : ['info'],
      action: succeeded ? 'executed' : 'exec-failed',
      dataset: 'auditd',
    },
    process: compact({
      pid: num(main.get('pid')),
      executable,
      name: executable ? baseName(executable) : auditText(main.get('comm')),
      command_line: succeeded ? commandLine(records, main) : undefined,
      working_directory: cwd,
      parent: compact({ pid: num(main.get('ppid')) }),
    }),
    user: userOf(main),
  });
}

const FILE_TYPES: Record<string, string> = { CREATE: 'creation', DELETE: 'deletion' };

function fileEvent(records: AuditRecord[], main: Map<string, string>): Content | undefined {
  const changed = records.find(
    (r) => r.type === 'PATH' && FILE_TYPES[r.fields.get('nametype') ?? ''],
  );
  const name = auditText(changed?.fields.get('name') ?? firstOfList(main.get('path_name')));
  if (!changed || !name) return undefined;
  const cwd = auditText(records.find((r) => r.type === 'CWD')?.fields.get('cwd'));
  const path = name.startsWith('/') || !cwd ? name : `${cwd.replace(/\/$/, '')}/${name}`;
  const executable = auditText(main.get('exe'));
  return compact({
    event: {
      kind: 'event' as const,
      category: ['file' as const],
      type: [FILE_TYPES[changed.fields.get('nametype') ?? ''] as string],
      dataset: 'auditd',
    },
    file: fileFromPath(path),
    process: executable
      ? compact({ pid: num(main.get('pid')), executable, name: baseName(executable) })
      : undefined,
    user: userOf(main),
  });
}

function otherEvent(type: string, main: Map<string, string>): Content {
  return compact({
    event: {
      kind: 'event' as const,
      category: ['host' as const],
      type: ['info'],
      action: type.toLowerCase(),
      dataset: 'auditd',
    },
    user: userOf(main),
  });
}

const SYSCALL_RECORDS = new Set(['SYSCALL', 'AUOMS_SYSCALL', 'AUOMS_EXECVE']);

function contentOf(records: AuditRecord[], main: AuditRecord): Content {
  if (!SYSCALL_RECORDS.has(main.type)) return otherEvent(main.type, main.fields);
  if (main.type === 'AUOMS_EXECVE' || isExec(main.fields)) return execEvent(records, main.fields);
  return fileEvent(records, main.fields) ?? otherEvent(main.type, main.fields);
}

/** Maps the records of one event; `host` names the machine when the records do not. */
export function normaliseAudit(
  records: AuditRecord[],
  original: unknown,
  place: RecordPlace,
  format: string,
  host?: string,
): Outcome {
  const first = records[0];
  if (!first) return fail('bad-record', 'an audit event with no records');
  const timestamp = isoTime(first.time);
  if (!timestamp) return fail('bad-timestamp', `'${first.time}' is not an audit time`);
  const main = records.find((r) => r.type === 'SYSCALL' || r.type.startsWith('AUOMS_')) ?? first;
  const content = contentOf(records, main);
  content.event.code = main.type;
  const name = host ?? first.node ?? main.fields.get('node');
  const event: LwEvent = {
    '@timestamp': timestamp,
    ...content,
    lurewatch: meta(format, 'edr', place.input, place.location, original),
    original,
  };
  if (name) event.host = { name };
  return ok(event);
}
