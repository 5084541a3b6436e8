/**
 * Security log events that stand in for EDR where Sysmon is absent: process creation (4688)
 * and Windows Filtering Platform connections (5156).
 */
import { baseName } from '../meta.js';
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

export const securityMappers: Record<number, WindowsMapper> = {
  4688: processCreate,
  5156: wfpConnect,
};
