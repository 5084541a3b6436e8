/**
 * Security log events that stand in for EDR where Sysmon is absent: process creation (4688),
 * file object access (4663, with a SACL on the folder) and Windows Filtering Platform
 * connections (5156).
 */
import { baseName, fileFromPath } from '../meta.js';
import { num, str } from './fields.js';
import type { WindowsMapper } from './types.js';

/**
 * 4688 names two accounts: the creator (Subject) and, since Windows 10, the account the new
 * process runs as (Target). The target is the user who ran the file when it is present.
 */
const processCreate: WindowsMapper = (record) => {
  const d = record.data;
  const executable = str(d, 'NewProcessName');
  if (!executable) return undefined;
  const targetName = str(d, 'TargetUserName');
  const useTarget = targetName !== undefined && targetName !== '-';
  const name = useTarget ? targetName : str(d, 'SubjectUserName');
  const domain = useTarget ? str(d, 'TargetDomainName') : str(d, 'SubjectDomainName');
  const parentExe = str(d, 'ParentProcessName');
  return {
    event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'security' },
    process: {
      executable,
      name: baseName(executable),
      pid: num(d, 'NewProcessId'),
      command_line: str(d, 'CommandLine'),
      parent: {
        pid: num(d, 'ProcessId'),
        ...(parentExe ? { executable: parentExe, name: baseName(parentExe) } : {}),
      },
    },
    ...(name ? { user: { name, ...(domain ? { domain } : {}) } } : {}),
  };
};

/** `%%14593` is the outbound direction in WFP events. */
const OUTBOUND = '%%14593';

const wfpConnect: WindowsMapper = (record) => {
  const d = record.data;
  const application = str(d, 'Application');
  return {
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'security' },
    process: {
      pid: num(d, 'ProcessID') ?? num(d, 'ProcessId'),
      ...(application ? { executable: application, name: baseName(application) } : {}),
    },
    source: { ip: str(d, 'SourceAddress'), port: num(d, 'SourcePort') },
    destination: { ip: str(d, 'DestAddress'), port: num(d, 'DestPort') },
    network: { direction: str(d, 'Direction') === OUTBOUND ? 'outbound' : 'inbound' },
  };
};

/** File access rights (AccessMask bits) an analyst reads as an action, in that order. */
const ACCESS_BITS: ReadonlyArray<[bit: number, action: string]> = [
  [0x1, 'read'],
  [0x2, 'write'],
  [0x4, 'append'],
  [0x20, 'execute'],
  [0x10000, 'delete'],
];

const DISK_IMAGES = new Set(['iso', 'img', 'vhd', 'vhdx']);

/**
 * 4663 names the object and the rights used. Opening a disk image reads the image file (how
 * Explorer mounts an ISO shows up), and files inside a mounted image have `\Device\CdRom<n>`
 * paths; both are named in the action because they mark a lure that evades Mark-of-the-Web.
 */
const objectAccess: WindowsMapper = (record) => {
  const d = record.data;
  const objectName = str(d, 'ObjectName');
  if (str(d, 'ObjectType') !== 'File' || !objectName) return undefined;
  const mask = num(d, 'AccessMask') ?? 0;
  const rights = ACCESS_BITS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
  const file = fileFromPath(objectName);
  let action = rights.length > 0 ? `file-${rights.join('-')}` : 'file-access';
  if (rights.includes('read') && DISK_IMAGES.has(file.extension ?? '')) action = 'disk-image-read';
  else if (/^\\Device\\CdRom\d+\\/i.test(objectName)) action = `mounted-image-${action}`;
  const processName = str(d, 'ProcessName');
  const name = str(d, 'SubjectUserName');
  const domain = str(d, 'SubjectDomainName');
  return {
    event: { kind: 'event', category: ['file'], type: ['access'], action, dataset: 'security' },
    file,
    process: {
      pid: num(d, 'ProcessId'),
      ...(processName ? { executable: processName, name: baseName(processName) } : {}),
    },
    ...(name ? { user: { name, ...(domain ? { domain } : {}) } } : {}),
  };
};

export const securityMappers: Record<number, WindowsMapper> = {
  4663: objectAccess,
  4688: processCreate,
  5156: wfpConnect,
};
