/**
 * Elastic Common Schema documents as Elastic Agent writes them, chiefly Elastic Defend's
 * `logs-endpoint.events.*` (process, file, network and DNS events). Lurewatch's own model is
 * ECS-shaped, so this is a copy of the fields it models, each type-checked because the
 * document is input like any other. Keys may be nested (`{"process":{"pid":1}}`) or dotted
 * (`{"process.pid":1}`), as exports from Kibana and Discover write them.
 */
import type { EventCategory, HashSet, LwEvent, ProcessInfo } from '../model/event.js';
import { fileFromPath, isoTime, meta } from './meta.js';
import { fail, ok, skip, type Outcome, type RecordPlace } from './outcome.js';
import { compact, isObject, lowerHex, type Row } from './row.js';

/** Longest string copied from a document; ECS keyword fields default to 1,024 characters. */
const MAX_TEXT = 32 * 1024;
const CATEGORIES: ReadonlySet<string> = new Set<EventCategory>([
  'process',
  'file',
  'network',
  'email',
  'web',
  'dns',
  'host',
]);

/** A field by ECS path, nested or dotted at any level. */
export function field(doc: Row, path: string): unknown {
  if (path in doc) return doc[path];
  const dot = path.indexOf('.');
  if (dot === -1) return undefined;
  const head = doc[path.slice(0, dot)];
  return isObject(head) ? field(head, path.slice(dot + 1)) : undefined;
}

function str(doc: Row, path: string): string | undefined {
  const value = field(doc, path);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_TEXT) : undefined;
}

function int(doc: Row, path: string): number | undefined {
  const value = field(doc, path);
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function list(doc: Row, path: string): string[] {
  const value = field(doc, path);
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === 'string').slice(0, 16);
}

function hashes(doc: Row, path: string): HashSet | undefined {
  const set = compact({
    sha256: lowerHex(str(doc, `${path}.sha256`), 64),
    sha1: lowerHex(str(doc, `${path}.sha1`), 40),
    md5: lowerHex(str(doc, `${path}.md5`), 32),
  });
  return Object.keys(set).length > 0 ? set : undefined;
}

function processAt(doc: Row, path: string): ProcessInfo | undefined {
  const info = compact({
    pid: int(doc, `${path}.pid`),
    entity_id: str(doc, `${path}.entity_id`),
    name: str(doc, `${path}.name`),
    executable: str(doc, `${path}.executable`),
    command_line:
      str(doc, `${path}.command_line`) ?? (list(doc, `${path}.args`).join(' ') || undefined),
    working_directory: str(doc, `${path}.working_directory`),
    hash: hashes(doc, `${path}.hash`),
    original_file_name: str(doc, `${path}.pe.original_file_name`),
  });
  return Object.keys(info).length > 0 ? info : undefined;
}

// Elastic Defend writes egress/ingress; older agents wrote outgoing/incoming.
const DIRECTIONS: Record<string, string> = {
  egress: 'outbound',
  outgoing: 'outbound',
  outbound: 'outbound',
  ingress: 'inbound',
  incoming: 'inbound',
  inbound: 'inbound',
};

export function looksLikeEcs(value: unknown): boolean {
  if (!isObject(value) || 'winlog' in value) return false;
  const categories = list(value, 'event.category');
  return (
    '@timestamp' in value &&
    categories.length > 0 &&
    (field(value, 'ecs.version') !== undefined || field(value, 'agent.type') !== undefined)
  );
}

export function normaliseEcs(doc: Row, place: RecordPlace, format: string): Outcome {
  const raw = field(doc, '@timestamp');
  if (raw === undefined) return fail('missing-timestamp', 'no @timestamp');
  const timestamp = isoTime(raw);
  if (!timestamp) return fail('bad-timestamp', `'${String(raw).slice(0, 40)}' is not a time`);
  const category = list(doc, 'event.category').filter((c): c is EventCategory => CATEGORIES.has(c));
  if (category.length === 0) return skip('no event.category Lurewatch models');
  const dnsName = str(doc, 'dns.question.name');
  if (dnsName && !category.includes('dns')) category.push('dns');

  const process = processAt(doc, 'process');
  const parent = processAt(doc, 'process.parent');
  const filePath = str(doc, 'file.path');
  const user = str(doc, 'user.name');
  const host = str(doc, 'host.hostname') ?? str(doc, 'host.name');
  const direction = DIRECTIONS[str(doc, 'network.direction') ?? ''];
  const zone = int(doc, 'file.Ext.windows.zone_identifier');
  const dataset = str(doc, 'event.dataset') ?? str(doc, 'data_stream.dataset') ?? 'ecs';

  const event: LwEvent = compact({
    '@timestamp': timestamp,
    event: compact({
      kind: str(doc, 'event.kind') === 'alert' ? ('alert' as const) : ('event' as const),
      category,
      type: list(doc, 'event.type'),
      action: str(doc, 'event.action'),
      code: str(doc, 'event.code'),
      dataset,
      provider: str(doc, 'event.provider') ?? str(doc, 'event.module'),
    }),
    lurewatch: meta(format, 'edr', place.input, place.location, doc),
    host: host ? { name: host } : undefined,
    user: user ? compact({ name: user, domain: str(doc, 'user.domain') }) : undefined,
    process: process || parent ? { ...process, ...(parent ? { parent } : {}) } : undefined,
    file: filePath
      ? compact({
          ...fileFromPath(filePath),
          size: int(doc, 'file.size'),
          hash: hashes(doc, 'file.hash'),
          origin_url: str(doc, 'file.origin_url'),
          origin_referrer_url: str(doc, 'file.origin_referrer_url'),
          zone_id: zone,
        })
      : undefined,
    source: endpoint(doc, 'source'),
    destination: endpoint(doc, 'destination'),
    network: compact({ transport: str(doc, 'network.transport'), direction }),
    dns: dnsName ? compact({ question: { name: dnsName }, answers: resolved(doc) }) : undefined,
    url: str(doc, 'url.full')
      ? compact({ full: str(doc, 'url.full'), domain: str(doc, 'url.domain') })
      : undefined,
    original: doc,
  });
  if (event.network && Object.keys(event.network).length === 0) delete event.network;
  return ok(event);
}

function endpoint(doc: Row, path: string): LwEvent['source'] {
  const value = compact({
    ip: str(doc, `${path}.ip`),
    port: int(doc, `${path}.port`),
    domain: str(doc, `${path}.domain`),
    bytes: int(doc, `${path}.bytes`),
  });
  return Object.keys(value).length > 0 ? value : undefined;
}

function resolved(doc: Row): string[] | undefined {
  const ips = list(doc, 'dns.resolved_ip');
  return ips.length > 0 ? ips : undefined;
}
