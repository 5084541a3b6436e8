/**
 * Wazuh file-integrity alerts as `alerts.json` writes them: one alert object per line, rule 554
 * for an added file and 550 for a changed one, the file's details under `syscheck`.
 */

export interface FimEntry {
  time: number;
  agentId: string;
  agent: string;
  agentIp: string;
  /** Wazuh reports Windows paths in lower case. */
  path: string;
  event: 'added' | 'modified';
  owner: string;
  size: number;
  hashes: { md5: string; sha1: string; sha256: string };
  alertId: string;
}

const RULES = {
  added: {
    id: '554',
    level: 5,
    description: 'File added to the system.',
    decoder: 'syscheck_new_entry',
  },
  modified: {
    id: '550',
    level: 7,
    description: 'Integrity checksum changed.',
    decoder: 'syscheck_integrity_changed',
  },
} as const;

/** `2026-11-16T09:12:07.906+0000`, Wazuh's own timestamp form. */
function wazuhTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

export function wazuhLine(e: FimEntry): string {
  const rule = RULES[e.event];
  const path = e.path.toLowerCase();
  const mtime = new Date(e.time).toISOString().slice(0, 19);
  return JSON.stringify({
    timestamp: wazuhTime(e.time),
    rule: {
      level: rule.level,
      description: rule.description,
      id: rule.id,
      mail: false,
      groups: ['ossec', 'syscheck', `syscheck_entry_${e.event}`, 'syscheck_file'],
    },
    agent: { id: e.agentId, name: e.agent, ip: e.agentIp },
    manager: { name: 'wazuh-manager' },
    id: e.alertId,
    full_log: `File '${path}' ${e.event}\nMode: realtime\n`,
    syscheck: {
      path,
      mode: 'realtime',
      size_after: String(e.size),
      uname_after: e.owner,
      mtime_after: mtime,
      md5_after: e.hashes.md5,
      sha1_after: e.hashes.sha1,
      sha256_after: e.hashes.sha256,
      attrs_after: ['ARCHIVE'],
      event: e.event,
    },
    decoder: { name: rule.decoder },
    location: 'syscheck',
  });
}
