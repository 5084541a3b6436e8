/**
 * The device tables of Defender advanced hunting. Every row names the process that acted
 * (`InitiatingProcess*`) and its parent; the process tables also name the new process.
 * Defender has no process GUID: its documentation identifies a process by device, process id
 * and creation time, so that triple becomes `entity_id` and the process tree joins exactly.
 */
import type { FileInfo, HashSet, LwEvent, ProcessInfo } from '../../model/event.js';
import { baseName, fileFromPath } from '../meta.js';
import { compact, first, int, lowerHex, text, type Row } from '../row.js';

export type Content = Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original'>;

function hashes(row: Row, prefix: string): HashSet | undefined {
  const set = compact({
    sha256: lowerHex(text(row, `${prefix}SHA256`), 64),
    sha1: lowerHex(text(row, `${prefix}SHA1`), 40),
    md5: lowerHex(text(row, `${prefix}MD5`), 32),
  });
  return Object.keys(set).length > 0 ? set : undefined;
}

/** FolderPath holds the full path in process rows and the folder alone in some file rows. */
function fullPath(folder: string | undefined, name: string | undefined): string | undefined {
  if (folder === undefined) return name;
  if (name === undefined || folder.toLowerCase().endsWith(name.toLowerCase())) return folder;
  const separator = folder.includes('/') && !folder.includes('\\') ? '/' : '\\';
  return folder.endsWith(separator) ? folder + name : `${folder}${separator}${name}`;
}

function entityId(row: Row, pidKey: string, createdKey: string): string | undefined {
  const device = text(row, 'DeviceId');
  const pid = text(row, pidKey);
  const created = text(row, createdKey);
  return device && pid && created ? `${device}:${pid}:${created}` : undefined;
}

/** A process described by the columns that start with `prefix` (``, `InitiatingProcess`). */
function processAt(row: Row, prefix: '' | 'InitiatingProcess'): ProcessInfo | undefined {
  const executable = fullPath(
    text(row, `${prefix}FolderPath`),
    text(row, prefix ? `${prefix}FileName` : 'FileName'),
  );
  const pid = int(row, prefix ? `${prefix}Id` : 'ProcessId');
  if (executable === undefined && pid === undefined) return undefined;
  const created = prefix ? `${prefix}CreationTime` : 'ProcessCreationTime';
  const commandLine = text(row, prefix ? `${prefix}CommandLine` : 'ProcessCommandLine');
  const versionKey = `${prefix || 'Process'}VersionInfoOriginalFileName`;
  return compact({
    pid,
    entity_id: entityId(row, prefix ? `${prefix}Id` : 'ProcessId', created),
    executable,
    name: executable === undefined ? undefined : baseName(executable),
    command_line: commandLine?.trim(),
    hash: hashes(row, prefix),
    original_file_name: text(row, versionKey),
  });
}

function initiatingParent(row: Row): ProcessInfo | undefined {
  const name = text(row, 'InitiatingProcessParentFileName');
  const pid = int(row, 'InitiatingProcessParentId');
  if (name === undefined && pid === undefined) return undefined;
  return compact({
    pid,
    name,
    entity_id: entityId(row, 'InitiatingProcessParentId', 'InitiatingProcessParentCreationTime'),
  });
}

/** The acting process with its parent, and the account it ran as. */
function actor(row: Row): Pick<Content, 'process' | 'user'> {
  const out: Pick<Content, 'process' | 'user'> = {};
  const process = processAt(row, 'InitiatingProcess');
  const parent = initiatingParent(row);
  if (process) out.process = parent ? { ...process, parent } : process;
  const name = text(row, 'InitiatingProcessAccountName');
  const domain = text(row, 'InitiatingProcessAccountDomain');
  if (name) out.user = compact({ name, domain });
  return out;
}

function host(row: Row): Pick<Content, 'host'> {
  const name = text(row, 'DeviceName');
  return name ? { host: { name } } : {};
}

function fileOf(row: Row): FileInfo | undefined {
  const path = fullPath(text(row, 'FolderPath'), text(row, 'FileName'));
  if (path === undefined) return undefined;
  return compact({
    ...fileFromPath(path),
    size: int(row, 'FileSize'),
    hash: hashes(row, ''),
    origin_url: text(row, 'FileOriginUrl'),
    origin_referrer_url: text(row, 'FileOriginReferrerUrl'),
  });
}

export function processEvent(row: Row): Content {
  const parent = processAt(row, 'InitiatingProcess');
  const child = processAt(row, '') ?? {};
  const name = text(row, 'AccountName');
  const domain = text(row, 'AccountDomain');
  return compact({
    event: event(row, ['process'], ['start'], 'DeviceProcessEvents'),
    ...host(row),
    process: parent ? { ...child, parent } : child,
    user: name ? compact({ name, domain }) : actor(row).user,
  });
}

const FILE_TYPES: Record<string, string> = {
  FileCreated: 'creation',
  FileModified: 'change',
  FileRenamed: 'change',
  FileDeleted: 'deletion',
};

export function fileEvent(row: Row): Content {
  const type = FILE_TYPES[text(row, 'ActionType') ?? ''] ?? 'info';
  return compact({
    event: event(row, ['file'], [type], 'DeviceFileEvents'),
    ...host(row),
    ...actor(row),
    file: fileOf(row),
  });
}

export function networkEvent(row: Row): Content {
  const action = text(row, 'ActionType');
  const remote = text(row, 'RemoteUrl');
  const isUrl = remote !== undefined && /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(remote);
  const domain = isUrl ? hostOf(remote) : remote;
  return compact({
    event: event(row, ['network'], ['connection'], 'DeviceNetworkEvents'),
    ...host(row),
    ...actor(row),
    source: compact({ ip: text(row, 'LocalIP'), port: int(row, 'LocalPort') }),
    destination: compact({ ip: text(row, 'RemoteIP'), port: int(row, 'RemotePort'), domain }),
    network: compact({
      transport: text(row, 'Protocol')
        ?.toLowerCase()
        .replace(/v[46]$/, ''),
      direction: action === 'InboundConnectionAccepted' ? 'inbound' : 'outbound',
    }),
    url: isUrl ? compact({ full: remote, domain }) : undefined,
  });
}

/** DeviceEvents holds many kinds of row; they keep their action and whatever file or URL. */
export function deviceEvent(row: Row): Content {
  const remote = text(row, 'RemoteUrl');
  return compact({
    event: event(row, ['host'], ['info'], 'DeviceEvents'),
    ...host(row),
    ...actor(row),
    file: fileOf(row),
    url: remote ? compact({ full: remote, domain: hostOf(remote) }) : undefined,
    destination: text(row, 'RemoteIP')
      ? compact({ ip: text(row, 'RemoteIP'), port: int(row, 'RemotePort') })
      : undefined,
  });
}

/** Rows of tables Lurewatch does not model (identity, cloud apps) are kept as host events. */
export function otherEvent(row: Row): Content {
  const name = first(row, 'DeviceName', 'DestinationDeviceName');
  const account = first(row, 'AccountName', 'AccountUpn', 'AccountDisplayName');
  return compact({
    event: event(row, ['host'], ['info'], 'other'),
    host: name ? { name } : undefined,
    user: account ? compact({ name: account, domain: text(row, 'AccountDomain') }) : undefined,
  });
}

export function event(
  row: Row,
  category: LwEvent['event']['category'],
  type: string[],
  table: string,
): LwEvent['event'] {
  return compact({
    kind: 'event' as const,
    category,
    type,
    action: text(row, 'ActionType'),
    dataset: `m365_defender.${table}`,
    provider: 'microsoft-365-defender',
  });
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
