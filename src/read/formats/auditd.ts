/**
 * Reads the Linux audit log: auditd's `audit.log` (records of one event grouped by serial)
 * and auoms records as Microsoft Sentinel exports them (Syslog rows as JSON, the audit record
 * in `SyslogMessage`).
 */
import { normaliseAudit, parseAuditLine, type AuditRecord } from '../../normalise/auditd/index.js';
import { isObject } from '../../normalise/row.js';
import { splitLines } from '../chunks.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem, tooLongItem } from './items.js';
import { firstJsonRecord } from './sniff.js';

/** Records kept for one event; the kernel writes a handful, a PATH record per file touched. */
const MAX_EVENT_RECORDS = 64;

interface Group {
  records: AuditRecord[];
  lines: string[];
  line: number;
}

async function* readAuditd(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  let group: Group | undefined;
  const flush = (): ReadItem | undefined => {
    if (!group) return undefined;
    const { records, lines, line } = group;
    group = undefined;
    const location = `line ${line}`;
    const outcome = normaliseAudit(
      records,
      lines.join('\n'),
      { input: input.name, location },
      'auditd',
    );
    return outcomeItem(outcome, input.name, location);
  };

  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    if (line.text.trim().length === 0) continue;
    const record = parseAuditLine(line.text);
    if (typeof record === 'string') {
      yield problemItem(input.name, `line ${line.number}`, 'bad-record', record);
      continue;
    }
    const head = group?.records[0];
    if (head && (head.serial !== record.serial || head.node !== record.node)) {
      const item = flush();
      if (item) yield item;
    }
    // EOE closes a multi-record event and carries nothing itself.
    if (record.type === 'EOE') {
      const item = flush();
      if (item) yield item;
      continue;
    }
    group ??= { records: [], lines: [], line: line.number };
    group.records.push(record);
    group.lines.push(line.text);
    if (group.records.length >= MAX_EVENT_RECORDS) {
      const item = flush();
      if (item) yield item;
    }
  }
  const item = flush();
  if (item) yield item;
}

/** The audit record and host of a Sentinel Syslog row written by auoms. */
function auomsRow(value: unknown): { line: string; host?: string } | undefined {
  if (!isObject(value)) return undefined;
  const message = value['SyslogMessage'];
  if (typeof message !== 'string' || !message.startsWith('type=')) return undefined;
  const host = value['Computer'] ?? value['HostName'];
  return typeof host === 'string' ? { line: message, host } : { line: message };
}

async function* readAuoms(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    const row = auomsRow(item.value);
    const record = row ? parseAuditLine(row.line) : 'not a Syslog row with an audit record';
    if (typeof record === 'string') {
      yield problemItem(input.name, location, 'bad-record', record);
      continue;
    }
    const place = { input: input.name, location };
    const outcome = normaliseAudit([record], item.value, place, 'auoms-json', row?.host);
    const result = outcomeItem(outcome, input.name, location);
    if (result) yield result;
  }
}

function sniffAuditd(sample: SniffSample): number {
  const lines = headLines(sample.head, 20);
  if (lines.length === 0) return 0;
  const good = lines.filter((line) => typeof parseAuditLine(line) !== 'string').length;
  return good === lines.length ? 90 : good * 5 >= lines.length * 4 ? 60 : 0;
}

function sniffAuoms(sample: SniffSample): number {
  const record = firstJsonRecord(sample.head);
  if (record !== undefined) {
    const row = auomsRow(record);
    return row && typeof parseAuditLine(row.line) !== 'string' ? 90 : 0;
  }
  const text = sample.head.toString('utf8');
  return /^\s*[[{]/.test(text) && /"SyslogMessage"\s*:\s*"type=\w+ (msg=)?audit\(/.test(text)
    ? 70
    : 0;
}

export const auditdReader: FormatReader = {
  id: 'auditd',
  title: 'Linux audit log (auditd audit.log, auoms records)',
  source: 'edr',
  signature:
    'type=SYSCALL msg=audit(1700000000.123:4711): arch=c000003e syscall=59 success=yes ...',
  sniff: sniffAuditd,
  read: readAuditd,
};

export const auomsJsonReader: FormatReader = {
  id: 'auoms-json',
  title: 'Linux audit records from auoms, as Sentinel Syslog rows (JSON)',
  source: 'edr',
  signature: '{"Computer":...,"SyslogMessage":"type=AUOMS_EXECVE audit(...): ... cmdline=..."}',
  sniff: sniffAuoms,
  read: readAuoms,
};
