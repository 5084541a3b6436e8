/**
 * MISP events in MISP JSON: `{"Event": {...}}`, a bare event, a REST search answer
 * (`{"response": [...]}`) or a list of events. Attributes and object attributes become
 * indicators; galaxy clusters and `misp-galaxy:` tags become attribution.
 */
import { problem } from '../../core/problems.js';
import type { Attribution, AttributionKind, Indicator, IndicatorType } from '../model.js';
import { normaliseValue } from '../normalise.js';
import {
  countSkip,
  emptyCollection,
  type FeedCollection,
  type FeedResult,
  type IntelFormat,
} from './types.js';

/** Attribute types Lurewatch can match, each part of a composite (`filename|sha256`) in turn. */
const ATTRIBUTE_TYPES: Record<string, IndicatorType> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  filename: 'filename',
  'email-attachment': 'filename',
  'ip-src': 'ip',
  'ip-dst': 'ip',
  port: 'ip',
  domain: 'domain',
  hostname: 'domain',
  url: 'url',
  // A subject is matched by a pattern on the message, which events carry as email-message.
  'email-subject': 'stix-pattern',
  'email-src': 'email',
  'email-reply-to': 'email',
  email: 'email',
};

/** Galaxy types by what they name; other galaxies (sectors, countries) are context only. */
const GALAXY_KINDS: Record<string, AttributionKind> = {
  'threat-actor': 'threat-actor',
  'mitre-intrusion-set': 'intrusion-set',
  'mitre-enterprise-attack-intrusion-set': 'intrusion-set',
  'intrusion-set': 'intrusion-set',
  campaign: 'campaign',
  'mitre-campaign': 'campaign',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  'mitre-tool': 'malware',
  malpedia: 'malware',
  ransomware: 'malware',
  rat: 'malware',
  tool: 'malware',
  botnet: 'malware',
  banker: 'malware',
  stealer: 'malware',
  backdoor: 'malware',
  'exploit-kit': 'malware',
};

/** Attributes per event; the largest public OSINT events hold a few tens of thousands. */
const MAX_ATTRIBUTES = 200_000;

interface MispTag {
  name?: string;
}

interface MispCluster {
  type?: string;
  value?: string;
  meta?: { external_id?: string[] };
}

interface MispAttribute {
  type?: string;
  value?: string;
  uuid?: string;
  deleted?: boolean;
  timestamp?: string;
  first_seen?: string;
  last_seen?: string;
  comment?: string;
  Tag?: MispTag[];
  Galaxy?: Array<{ type?: string; GalaxyCluster?: MispCluster[] }>;
}

interface MispEvent {
  uuid?: string;
  info?: string;
  date?: string;
  timestamp?: string;
  Tag?: MispTag[];
  Galaxy?: Array<{ type?: string; GalaxyCluster?: MispCluster[] }>;
  Attribute?: MispAttribute[];
  Object?: Array<{ Attribute?: MispAttribute[] }>;
}

function stixString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function epochIso(seconds: string | undefined): string | undefined {
  const n = Number(seconds);
  return seconds && Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : undefined;
}

/** `misp-galaxy:threat-actor="Sofacy"` -> threat-actor Sofacy. */
export function tagAttribution(tag: string): Attribution | undefined {
  const match = /^misp-galaxy:([a-z0-9-]{1,80})="(.{1,200})"$/.exec(tag);
  const kind = match ? GALAXY_KINDS[match[1]!] : undefined;
  return kind ? { kind, name: match![2]! } : undefined;
}

function attributionOf(galaxies: MispEvent['Galaxy'], tags: readonly string[]): Attribution[] {
  const out = new Map<string, Attribution>();
  for (const galaxy of galaxies ?? []) {
    for (const cluster of galaxy.GalaxyCluster ?? []) {
      const kind = GALAXY_KINDS[cluster.type ?? galaxy.type ?? ''];
      if (kind && cluster.value) out.set(`${kind} ${cluster.value}`, { kind, name: cluster.value });
    }
  }
  for (const tag of tags) {
    const a = tagAttribution(tag);
    if (a) out.set(`${a.kind} ${a.name}`, a);
  }
  return [...out.values()];
}

/** `osint:certainty="93"` is the MISP taxonomy's confidence in per cent. */
function certainty(tags: readonly string[]): number | undefined {
  for (const tag of tags) {
    const match = /^osint:certainty="(\d{1,3})"$/.exec(tag);
    if (match) return Math.min(100, Number(match[1]));
  }
  return undefined;
}

function tagNames(tags: MispTag[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => (typeof t.name === 'string' ? [t.name.slice(0, 200)] : []));
}

function eventsIn(json: unknown): MispEvent[] {
  if (Array.isArray(json)) return json.flatMap(eventsIn);
  if (!json || typeof json !== 'object') return [];
  const o = json as Record<string, unknown>;
  if (Array.isArray(o['response'])) return eventsIn(o['response']);
  if (o['Event'] && typeof o['Event'] === 'object') return [o['Event'] as MispEvent];
  if ('Attribute' in o || 'Object' in o) return [o as MispEvent];
  return [];
}

function importEvent(event: MispEvent, name: string, out: FeedResult): void {
  const source = `misp:${event.uuid ?? name}`;
  const collection: FeedCollection = emptyCollection(source, event.info ?? name, 'misp');
  const eventTags = tagNames(event.Tag);
  const eventAttribution = attributionOf(event.Galaxy, eventTags);
  collection.tags = eventTags;
  collection.attribution = eventAttribution.map((a) => `${a.kind} ${a.name}`);
  const attributes = [
    ...(event.Attribute ?? []),
    ...(event.Object ?? []).flatMap((o) => o.Attribute ?? []),
  ].slice(0, MAX_ATTRIBUTES);

  for (const attribute of attributes) {
    collection.records += 1;
    const type = attribute.type ?? '?';
    if (attribute.deleted || typeof attribute.value !== 'string') {
      countSkip(collection, attribute.deleted ? 'deleted' : type);
      continue;
    }
    const types = type.split('|');
    // Only composite types split on `|`; a subject or file name may hold one itself.
    const values = types.length === 1 ? [attribute.value] : attribute.value.split('|');
    const mapped = types.map((t) => ATTRIBUTE_TYPES[t]);
    if (mapped.every((t) => t === undefined) || types.length !== values.length) {
      countSkip(collection, type);
      continue;
    }
    const tags = [...eventTags, ...tagNames(attribute.Tag)];
    const attribution = [...eventAttribution, ...attributionOf(attribute.Galaxy, tags)];
    const seen = epochIso(attribute.timestamp);
    const confidence = certainty(tags);
    mapped.forEach((indicatorType, i) => {
      // A port is part of `ip-dst|port`, not an indicator of its own.
      if (!indicatorType || types[i] === 'port') return;
      const raw = values[i] ?? '';
      const value = normaliseValue(
        indicatorType,
        types[i] === 'email-subject' ? `[email-message:subject = ${stixString(raw)}]` : raw,
      );
      if (!value) {
        out.problems.push(
          problem(
            name,
            `attribute ${attribute.uuid ?? '?'}`,
            'bad-record',
            `empty or oversized ${type} value`,
          ),
        );
        return;
      }
      const indicator: Indicator = {
        type: indicatorType,
        value,
        source,
        tags,
        attribution,
        ...(attribute.uuid ? { ref: attribute.uuid } : {}),
        ...(attribute.first_seen || seen ? { firstSeen: attribute.first_seen ?? seen! } : {}),
        ...(attribute.last_seen || seen ? { lastSeen: attribute.last_seen ?? seen! } : {}),
        ...(confidence !== undefined ? { confidence } : {}),
        ...(event.info ? { description: event.info } : {}),
      };
      out.indicators.push(indicator);
      collection.indicators += 1;
    });
  }
  out.collections.push(collection);
}

export const mispFormat: IntelFormat = {
  id: 'misp',
  title: 'MISP event JSON',
  sniff: (head) => /^\s*[[{]/.test(head) && /"(Event|Attribute|response)"\s*:/.test(head),
  parse(input) {
    const out: FeedResult = { indicators: [], collections: [], problems: [] };
    let json: unknown;
    try {
      json = JSON.parse(input.text);
    } catch (error) {
      out.problems.push(problem(input.name, '', 'bad-json', (error as Error).message));
      return out;
    }
    const events = eventsIn(json);
    if (events.length === 0) {
      out.problems.push(problem(input.name, '', 'bad-record', 'no MISP event in the document'));
    }
    for (const event of events) importEvent(event, input.name, out);
    return out;
  },
};
