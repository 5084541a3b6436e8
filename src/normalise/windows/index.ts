/**
 * Windows records to events. Mappers are registered per log and event id; a record with no
 * mapper still becomes an event (category `host`) so that nothing read is lost to later stages
 * such as Sigma rules, which look at the original record.
 */
import type { LwEvent } from '../../model/event.js';
import type { WinRecord } from '../../read/formats/windows/records.js';
import { isoTime, meta } from '../meta.js';
import { powershellMappers } from './powershell.js';
import { securityMappers } from './security.js';
import { sysmonMappers } from './sysmon.js';
import type { WindowsMapper } from './types.js';

type LogKind = 'sysmon' | 'security' | 'powershell';

const MAPPERS: Record<LogKind, Record<number, WindowsMapper>> = {
  sysmon: sysmonMappers,
  security: securityMappers,
  powershell: powershellMappers,
};

function logKind(record: WinRecord): LogKind | undefined {
  const channel = record.channel.toLowerCase();
  if (channel.includes('sysmon') || record.provider.toLowerCase().includes('sysmon')) {
    return 'sysmon';
  }
  if (channel === 'security') return 'security';
  // 4104 is logged to the Operational channel, 800 to the classic "Windows PowerShell" log.
  if (channel === 'microsoft-windows-powershell/operational' || channel === 'windows powershell') {
    return 'powershell';
  }
  return undefined;
}

export type WindowsResult =
  | { kind: 'event'; event: LwEvent }
  | { kind: 'invalid'; code: 'missing-timestamp' | 'bad-timestamp'; message: string };

export function normaliseWindows(
  record: WinRecord,
  format: string,
  input: string,
  location: string,
  original: unknown,
): WindowsResult {
  const time = isoTime(record.time);
  if (time === undefined) {
    return record.time === undefined || record.time === null || record.time === ''
      ? { kind: 'invalid', code: 'missing-timestamp', message: 'record has no time' }
      : {
          kind: 'invalid',
          code: 'bad-timestamp',
          message: `unreadable time ${String(record.time).slice(0, 64)}`,
        };
  }
  const kind = logKind(record);
  const mapper = kind ? MAPPERS[kind][record.eventId] : undefined;
  const mapped = mapper?.(record);
  const content = mapped ?? {
    event: {
      kind: 'event' as const,
      category: ['host' as const],
      type: ['info'],
      dataset: kind ?? 'windows',
    },
  };
  content.event.code = String(record.eventId);
  content.event.provider = record.provider || record.channel;
  const event: LwEvent = {
    '@timestamp': time,
    ...content,
    lurewatch: meta(format, 'edr', input, location, original),
    original,
  };
  if (record.computer) event.host = { name: record.computer };
  return { kind: 'event', event };
}
