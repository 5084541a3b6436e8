/**
 * Sysmon (Microsoft-Windows-Sysmon/Operational) events the playbook needs: process creation
 * (1), network connection (3), file creation (11), file stream creation (15, which carries the
 * Mark-of-the-Web), file deletion (23, 26) and DNS query (22).
 */
import type { LwEvent } from '../../model/event.js';
import { fileFromPath, parseHashList } from '../meta.js';
import type { WinRecord } from '../../read/formats/windows/records.js';
import { account, guid, num, processFrom, str } from './fields.js';
import type { WindowsMapper } from './types.js';

type Partial = Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original' | 'host'>;

function actor(record: WinRecord): Pick<LwEvent, 'process' | 'user'> {
  const out: Pick<LwEvent, 'process' | 'user'> = {};
  const process = processFrom(record.data, {
    image: 'Image',
    pid: 'ProcessId',
    guid: 'ProcessGuid',
  });
  if (process) out.process = process;
  const user = account(str(record.data, 'User'));
  if (user) out.user = user;
  return out;
}

const processCreate: WindowsMapper = (record) => {
  const d = record.data;
  const process = processFrom(d, {
    image: 'Image',
    pid: 'ProcessId',
    guid: 'ProcessGuid',
    commandLine: 'CommandLine',
    hashes: 'Hashes',
  });
  const parent = processFrom(d, {
    image: 'ParentImage',
    pid: 'ParentProcessId',
    guid: 'ParentProcessGuid',
    commandLine: 'ParentCommandLine',
  });
  const out: Partial = {
    event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'sysmon' },
    process: { ...process, ...(parent ? { parent } : {}) },
  };
  const cwd = str(d, 'CurrentDirectory');
  if (cwd && out.process) out.process.working_directory = cwd;
  const original = str(d, 'OriginalFileName');
  if (original && out.process) out.process.original_file_name = original;
  const user = account(str(d, 'User'));
  if (user) out.user = user;
  return out;
};

const networkConnect: WindowsMapper = (record) => {
  const d = record.data;
  const initiated = str(d, 'Initiated')?.toLowerCase() === 'true';
  return {
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'sysmon' },
    ...actor(record),
    source: {
      ip: str(d, 'SourceIp'),
      port: num(d, 'SourcePort'),
      domain: str(d, 'SourceHostname'),
    },
    destination: {
      ip: str(d, 'DestinationIp'),
      port: num(d, 'DestinationPort'),
      domain: str(d, 'DestinationHostname'),
    },
    network: { transport: str(d, 'Protocol'), direction: initiated ? 'outbound' : 'inbound' },
  };
};

/** Sysmon 11 (created) and 23/26 (deleted) differ only in the ECS event type. */
function fileEvent(type: 'creation' | 'deletion'): WindowsMapper {
  return (record) => {
    const target = str(record.data, 'TargetFilename');
    if (!target) return undefined;
    return {
      event: { kind: 'event', category: ['file'], type: [type], dataset: 'sysmon' },
      ...actor(record),
      file: fileFromPath(target),
    };
  };
}

const ZONE_SUFFIX = ':zone.identifier';

/**
 * A Zone.Identifier stream says where a download came from. Sysmon logs the stream itself
 * (`file:Zone.Identifier`, Contents holds the text) and, on some versions, the file it is
 * attached to with that file's hash; both describe the same downloaded file.
 */
const fileStream: WindowsMapper = (record) => {
  const target = str(record.data, 'TargetFilename');
  if (!target) return undefined;
  const isZone = target.toLowerCase().endsWith(ZONE_SUFFIX);
  const file = fileFromPath(isZone ? target.slice(0, -ZONE_SUFFIX.length) : target);
  const contents = str(record.data, 'Contents');
  if (isZone && contents) Object.assign(file, parseZoneIdentifier(contents));
  if (!isZone) {
    const hashes = parseHashList(str(record.data, 'Hash'));
    if (hashes) file.hash = hashes;
  }
  return {
    event: {
      kind: 'event',
      category: ['file'],
      type: ['creation'],
      action: isZone ? 'zone-identifier' : 'stream-created',
      dataset: 'sysmon',
    },
    ...actor(record),
    file,
  };
};

/** `[ZoneTransfer]  ZoneId=3  ReferrerUrl=...  HostUrl=...` (Sysmon folds the lines to spaces). */
export function parseZoneIdentifier(contents: string): {
  zone_id?: number;
  origin_url?: string;
  origin_referrer_url?: string;
} {
  const out: { zone_id?: number; origin_url?: string; origin_referrer_url?: string } = {};
  for (const token of contents.slice(0, 8192).split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq === -1) continue;
    const key = token.slice(0, eq).toLowerCase();
    const value = token.slice(eq + 1);
    if (key === 'zoneid' && /^\d+$/.test(value)) out.zone_id = Number(value);
    else if (key === 'hosturl' && value) out.origin_url = value;
    else if (key === 'referrerurl' && value) out.origin_referrer_url = value;
  }
  return out;
}

const dnsQuery: WindowsMapper = (record) => {
  const name = str(record.data, 'QueryName');
  if (!name) return undefined;
  const answers: string[] = [];
  // QueryResults: `type:  5 cdn.example;::ffff:203.0.113.5;` - keep the addresses.
  for (const part of (str(record.data, 'QueryResults') ?? '').slice(0, 8192).split(';')) {
    const value = part.trim().replace(/^::ffff:/i, '');
    if (/^[0-9.]+$/.test(value) || /^[0-9a-f:]+$/i.test(value)) {
      if (value.includes('.') || value.includes(':')) answers.push(value);
    }
  }
  return {
    event: { kind: 'event', category: ['dns', 'network'], type: ['info'], dataset: 'sysmon' },
    ...actor(record),
    dns: { question: { name }, answers },
  };
};

export const sysmonMappers: Record<number, WindowsMapper> = {
  1: processCreate,
  3: networkConnect,
  11: fileEvent('creation'),
  15: fileStream,
  22: dnsQuery,
  23: fileEvent('deletion'),
  26: fileEvent('deletion'),
};

export { guid };
