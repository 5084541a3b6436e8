/**
 * What the executed file did that the playbook calls malicious: talking to a remote address
 * that is not a known vendor service, starting a shell or script host, or matching intel.
 */
import type { Settings } from '../core/settings.js';
import { SHELLS, processName } from '../detect/vocabulary.js';
import type { Draft } from '../correlate/incidents.js';
import type { NetworkPeer } from '../model/incident.js';

/** Loopback, unspecified, link-local, multicast and broadcast never leave the host's segment. */
export function isLocalAddress(ip: string): boolean {
  const v = ip.toLowerCase();
  if (/^(127\.|0\.|169\.254\.|22[4-9]\.|23\d\.|255\.)/.test(v)) return true;
  return v === '::1' || v === '::' || v.startsWith('fe80:') || v.startsWith('ff');
}

export function isBenignDomain(domain: string | undefined, settings: Settings): boolean {
  if (!domain) return false;
  const d = domain.toLowerCase().replace(/\.$/, '');
  return settings.benignDomains.some((b) => d === b || d.endsWith(`.${b}`));
}

export interface Behaviour {
  c2: NetworkPeer[];
  shells: string[];
}

export function behaviourOf(draft: Draft, hostIps: Set<string>, settings: Settings): Behaviour {
  const c2 = draft.peers.filter(
    (peer) =>
      !isLocalAddress(peer.ip) && !hostIps.has(peer.ip) && !isBenignDomain(peer.domain, settings),
  );
  const shells = [
    ...new Set(
      draft.tree.children
        .map((c) => processName(c.event.process?.executable))
        .filter((name) => SHELLS.has(name)),
    ),
  ];
  return { c2, shells };
}
