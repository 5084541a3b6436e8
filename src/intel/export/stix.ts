/**
 * Incidents as a STIX 2.1 bundle: per incident, its observables as cyber-observable objects
 * in one observed-data, an indicator for the file hash and for each C2 address of an
 * escalated incident, a sighting of each indicator on the host, and `indicates` relationships
 * to the ATT&CK technique T1204.002 (User Execution: Malicious File).
 */
import type { Incident } from '../../model/incident.js';
import { observablesOf, fileOf } from './observables.js';
import { scoId, sdoId } from './ids.js';

/** The id MITRE gives T1204.002 in its own STIX data, so receivers join it to ATT&CK. */
export const T1204_002_ID = 'attack-pattern--232b7f21-adf9-4b42-b936-b9d6f7df856e';

export type StixObject = Record<string, unknown> & { type: string; id: string };

const SCO_TYPES = { ip: 'ipv4-addr', domain: 'domain-name', url: 'url', email: 'email-addr' };

function quote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function sco(kind: keyof typeof SCO_TYPES, value: string): StixObject {
  const type = kind === 'ip' && value.includes(':') ? 'ipv6-addr' : SCO_TYPES[kind];
  return { type, spec_version: '2.1', id: scoId(type, { value }), value };
}

const ATTRIBUTION_TYPES = new Set(['threat-actor', 'intrusion-set', 'campaign', 'malware']);

function attributionOf(incident: Incident): Array<{ kind: string; name: string }> {
  const out = new Map<string, { kind: string; name: string }>();
  for (const hit of incident.indicators) {
    for (const match of hit.intel ?? []) {
      for (const a of match.attribution) {
        if (ATTRIBUTION_TYPES.has(a.kind)) out.set(`${a.kind} ${a.name.toLowerCase()}`, a);
      }
    }
  }
  return [...out.values()];
}

export function stixBundle(
  incidents: readonly Incident[],
  now = new Date().toISOString(),
): {
  type: 'bundle';
  id: string;
  objects: StixObject[];
} {
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: sdoId('identity', 'Lurewatch'),
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'Lurewatch',
    identity_class: 'system',
  };
  const technique: StixObject = {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: T1204_002_ID,
    created: '2020-03-11T14:49:36.954Z',
    modified: '2020-03-11T14:49:36.954Z',
    name: 'Malicious File',
    external_references: [
      {
        source_name: 'mitre-attack',
        external_id: 'T1204.002',
        url: 'https://attack.mitre.org/techniques/T1204/002',
      },
    ],
  };
  const objects = new Map<string, StixObject>([
    [identity.id, identity],
    [technique.id, technique],
  ]);
  const put = (o: StixObject): string => {
    objects.set(o.id, o);
    return o.id;
  };

  for (const incident of incidents) {
    const common = {
      spec_version: '2.1',
      created: now,
      modified: now,
      created_by_ref: identity.id,
    };
    const escalated = incident.verdict === 'escalate';
    const verdict = `${incident.verdict} (${incident.severity})`;
    const file = fileOf(incident);
    const hashes: Record<string, string> = {};
    if (file.sha256) hashes['SHA-256'] = file.sha256;
    if (file.md5) hashes['MD5'] = file.md5;
    const fileObject: StixObject = {
      type: 'file',
      spec_version: '2.1',
      id: scoId(
        'file',
        Object.keys(hashes).length ? { hashes, name: file.name } : { name: file.name },
      ),
      name: file.name,
      ...(Object.keys(hashes).length ? { hashes } : {}),
    };
    const refs = [put(fileObject)];
    const observables = observablesOf(incident);
    for (const o of observables) if (o.kind !== 'file') refs.push(put(sco(o.kind, o.value)));

    const host = put({
      type: 'identity',
      ...common,
      id: sdoId('identity', `host ${incident.host}`),
      name: incident.host,
      identity_class: 'system',
    });
    const observed = put({
      type: 'observed-data',
      ...common,
      id: sdoId('observed-data', incident.id),
      first_observed: incident.firstSeen,
      last_observed: incident.timeline.at(-1)?.time ?? incident.firstSeen,
      number_observed: 1,
      object_refs: refs,
    });

    const patterns: Array<{ name: string; pattern: string }> = [];
    if (file.sha256) {
      patterns.push({
        name: `${file.name} executed on ${incident.host}`,
        pattern: `[file:hashes.'SHA-256' = ${quote(file.sha256)}]`,
      });
    }
    if (escalated) {
      for (const peer of incident.network) {
        const type = peer.ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
        patterns.push({
          name: `command and control ${peer.ip} contacted by ${file.name}`,
          pattern: `[${type}:value = ${quote(peer.ip)}]`,
        });
      }
    }
    for (const { name, pattern } of patterns) {
      const indicator = put({
        type: 'indicator',
        ...common,
        id: sdoId('indicator', `${incident.id} ${pattern}`),
        name,
        description: `Lurewatch ${verdict}: ${incident.escalation.reasons.join('; ')}`.slice(
          0,
          4000,
        ),
        indicator_types: [escalated ? 'malicious-activity' : 'anomalous-activity'],
        pattern,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: incident.firstSeen,
        labels: [`verdict:${incident.verdict}`, `severity:${incident.severity}`],
      });
      put({
        type: 'sighting',
        ...common,
        id: sdoId('sighting', `${incident.id} ${pattern}`),
        sighting_of_ref: indicator,
        observed_data_refs: [observed],
        where_sighted_refs: [host],
        first_seen: incident.firstSeen,
        last_seen: incident.firstSeen,
        count: 1,
        description: `${incident.id} on ${incident.host} by ${incident.user}`,
      });
      put({
        type: 'relationship',
        ...common,
        id: sdoId('relationship', `${indicator} indicates ${technique.id}`),
        relationship_type: 'indicates',
        source_ref: indicator,
        target_ref: technique.id,
      });
      // The actors, campaigns and families intel tied the incident to travel with it.
      for (const actor of attributionOf(incident)) {
        const target = put({
          type: actor.kind,
          ...common,
          id: sdoId(actor.kind, actor.name.toLowerCase()),
          name: actor.name,
          ...(actor.kind === 'malware' ? { is_family: true } : {}),
        });
        put({
          type: 'relationship',
          ...common,
          id: sdoId('relationship', `${indicator} indicates ${target}`),
          relationship_type: 'indicates',
          source_ref: indicator,
          target_ref: target,
        });
      }
    }
  }
  const all = [...objects.values()];
  return {
    type: 'bundle',
    id: sdoId('bundle', `${now} ${incidents.map((i) => i.id).join(' ')}`),
    objects: all,
  };
}
