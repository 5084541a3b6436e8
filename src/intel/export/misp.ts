/**
 * Incidents as one MISP event (MISP JSON, importable through the UI or `/events/add`): each
 * observable an attribute with the incident in its comment, `to_ids` set for escalated
 * incidents only, and the event tagged with T1204.002 from the MITRE ATT&CK galaxy.
 */
import type { Incident } from '../../model/incident.js';
import { LUREWATCH_NAMESPACE, uuidV5 } from './ids.js';
import { fileOf, observablesOf, type ExportObservable } from './observables.js';

export interface MispAttributeOut {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  timestamp: string;
}

const TYPES: Record<ExportObservable['kind'], { origin: string; network: string }> = {
  url: { origin: 'url', network: 'url' },
  ip: { origin: 'ip-src', network: 'ip-dst' },
  domain: { origin: 'domain', network: 'domain' },
  email: { origin: 'email-src', network: 'email-dst' },
  file: { origin: 'filename', network: 'filename' },
};

const GALAXY_OF: Record<string, string> = {
  'threat-actor': 'threat-actor',
  'intrusion-set': 'mitre-intrusion-set',
  campaign: 'campaign',
  malware: 'mitre-malware',
};

/** MISP threat levels: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVEL = { critical: '1', high: '1', medium: '2', low: '3' } as const;

export function mispEvent(incidents: readonly Incident[], now = new Date()) {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const attributes: MispAttributeOut[] = [];
  const add = (incident: Incident, type: string, category: string, value: string): void => {
    attributes.push({
      uuid: uuidV5(LUREWATCH_NAMESPACE, `${incident.id} ${type} ${value}`),
      type,
      category,
      value,
      to_ids: incident.verdict === 'escalate',
      comment: `${incident.id} ${incident.verdict} on ${incident.host}`,
      timestamp,
    });
  };
  for (const incident of incidents) {
    const file = fileOf(incident);
    if (file.sha256)
      add(incident, 'filename|sha256', 'Payload installation', `${file.name}|${file.sha256}`);
    else add(incident, 'filename', 'Payload installation', file.name);
    if (file.md5) add(incident, 'md5', 'Payload installation', file.md5);
    for (const o of observablesOf(incident)) {
      const category = o.role === 'network' ? 'Network activity' : 'Payload delivery';
      add(incident, TYPES[o.kind][o.role === 'network' ? 'network' : 'origin'], category, o.value);
    }
  }
  // Attribution from intel hits goes out as galaxy tags, as MISP itself writes them.
  const galaxies = new Set<string>();
  for (const hit of incidents.flatMap((i) => i.indicators)) {
    for (const a of (hit.intel ?? []).flatMap((m) => m.attribution)) {
      const galaxy = GALAXY_OF[a.kind];
      if (galaxy) galaxies.add(`misp-galaxy:${galaxy}="${a.name.replaceAll('"', "'")}"`);
    }
  }
  const worst = incidents.map((i) => THREAT_LEVEL[i.severity]).sort()[0] ?? '4';
  return {
    Event: {
      uuid: uuidV5(LUREWATCH_NAMESPACE, `event ${incidents.map((i) => i.id).join(' ')}`),
      info: `Lurewatch: ${incidents.length} user-executed file incidents (T1204.002)`,
      date: now.toISOString().slice(0, 10),
      timestamp,
      published: false,
      analysis: '2',
      distribution: '0',
      threat_level_id: worst,
      Tag: [
        { name: 'tlp:amber' },
        { name: 'misp-galaxy:mitre-attack-pattern="Malicious File - T1204.002"' },
        ...[...galaxies].map((name) => ({ name })),
      ],
      Attribute: attributes,
    },
  };
}
