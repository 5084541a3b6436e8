/**
 * The observables an incident can share: the executed file's name and hashes, the download
 * URL or sender it came by, and the addresses it talked to, each with its role.
 */
import type { Incident } from '../../model/incident.js';

export type ExportRole = 'file' | 'origin' | 'network';

export interface ExportObservable {
  kind: 'file' | 'url' | 'email' | 'ip' | 'domain';
  value: string;
  role: ExportRole;
}

export interface ExportFile {
  name: string;
  sha256?: string;
  md5?: string;
}

export function fileOf(incident: Incident): ExportFile {
  return {
    name: incident.file.name,
    ...(incident.file.sha256 ? { sha256: incident.file.sha256.toLowerCase() } : {}),
    ...(incident.file.md5 ? { md5: incident.file.md5.toLowerCase() } : {}),
  };
}

export function observablesOf(incident: Incident): ExportObservable[] {
  const out = new Map<string, ExportObservable>();
  const add = (o: ExportObservable): void => {
    out.set(`${o.kind} ${o.value}`, o);
  };
  const detail = incident.delivery.detail ?? '';
  if (/^https?:\/\//i.test(detail)) {
    add({ kind: 'url', value: detail, role: 'origin' });
    try {
      const host = new URL(detail).hostname;
      add({ kind: /^[\d.]+$|:/.test(host) ? 'ip' : 'domain', value: host, role: 'origin' });
    } catch {
      // An unparsable URL still goes out as the URL itself.
    }
  }
  // Email delivery details name the sender (`from a@b, subject ...`, `Name <a@b> via ip`).
  const sender = /[^\s<>,@"]{1,64}@[a-z0-9.-]{1,253}/i.exec(detail);
  if (incident.delivery.channel === 'email' && sender) {
    add({ kind: 'email', value: sender[0].toLowerCase(), role: 'origin' });
  }
  for (const peer of incident.network) {
    add({
      kind: peer.ip.includes(':') || /^[\d.]+$/.test(peer.ip) ? 'ip' : 'domain',
      value: peer.ip,
      role: 'network',
    });
    if (peer.domain) add({ kind: 'domain', value: peer.domain.toLowerCase(), role: 'network' });
  }
  return [...out.values()];
}
