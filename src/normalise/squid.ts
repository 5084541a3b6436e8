/**
 * Maps Squid's native `access.log` line (`logformat squid`) to a web event:
 * `time elapsed client code/status bytes method URL user hierarchy/peer type`.
 */
import type { Endpoint, LwEvent } from '../model/event.js';
import { isoTime, meta } from './meta.js';
import { fail, ok, type Outcome, type RecordPlace } from './outcome.js';

export interface SquidRecord {
  time: string;
  elapsedMs: number;
  client: string;
  /** The Squid result code, such as `TCP_MISS` or `TCP_DENIED`. */
  result: string;
  status: number;
  bytes: number;
  method: string;
  url: string;
  user: string;
  hierarchy: string;
  peer: string;
  type: string;
  /** Fields only the combined and extended layouts carry. */
  referrer?: string;
  userAgent?: string;
  clientPort?: number;
  serverPort?: number;
  /** Reply body size without headers, which is the size of a downloaded file. */
  bodyBytes?: number;
}

const FIELDS = 10;
const TIME = /^\d{1,12}(\.\d{1,9})?$/;
const CODE_STATUS = /^([A-Z_]{1,64})\/(\d{3})$/;
const HIERARCHY = /^([A-Z_]{1,64})\/(\S+)$/;
const NUMBER = /^-?\d{1,18}$/;
// Hierarchy codes under which the peer is the origin server, not another proxy.
const DIRECT = new Set(['DIRECT', 'HIER_DIRECT', 'ORIGINAL_DST', 'HIER_ORIGINAL_DST']);

/** Splits and checks one line; a string is the reason it is not a Squid line. */
export function parseSquidLine(line: string): SquidRecord | string {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== FIELDS) return `${parts.length} fields where Squid writes ${FIELDS}`;
  const [time, elapsed, client, codeStatus, bytes, method, url, user, hierarchyPeer, type] =
    parts as [string, string, string, string, string, string, string, string, string, string];
  const code = CODE_STATUS.exec(codeStatus);
  const hierarchy = HIERARCHY.exec(hierarchyPeer);
  if (!code) return `'${codeStatus.slice(0, 40)}' is not a result code/status`;
  if (!hierarchy) return `'${hierarchyPeer.slice(0, 40)}' is not a hierarchy/peer`;
  if (!NUMBER.test(elapsed) || !NUMBER.test(bytes)) return 'elapsed time or size is not a number';
  return {
    time,
    elapsedMs: Number(elapsed),
    client,
    result: code[1] as string,
    status: Number(code[2]),
    bytes: Number(bytes),
    method,
    url,
    user,
    hierarchy: hierarchy[1] as string,
    peer: hierarchy[2] as string,
    type,
  };
}

export function normaliseSquid(
  record: SquidRecord,
  original: string,
  place: RecordPlace,
  format = 'squid',
): Outcome {
  if (record.time === '-' || record.time === '') return fail('missing-timestamp', 'no time field');
  const timestamp = TIME.test(record.time) ? isoTime(Number(record.time)) : undefined;
  if (!timestamp) return fail('bad-timestamp', `'${record.time.slice(0, 40)}' is not epoch time`);

  const where = target(record);
  const destination = { ...where.destination, bytes: record.bytes };
  if (DIRECT.has(record.hierarchy) && record.peer !== '-') destination.ip = record.peer;
  const response: NonNullable<NonNullable<LwEvent['http']>['response']> = {};
  // Status 000 means Squid sent no HTTP reply (an aborted or denied tunnel).
  if (record.status > 0) response.status_code = record.status;
  if (record.type.includes('/')) response.mime_type = record.type;

  const request: { method: string; referrer?: string } = { method: record.method };
  if (record.referrer && record.referrer !== '-') request.referrer = record.referrer;

  const event: LwEvent = {
    '@timestamp': timestamp,
    event: {
      kind: 'event',
      category: ['web', 'network'],
      type: ['access'],
      action: record.result,
      dataset: 'squid.access',
      provider: 'squid',
    },
    lurewatch: meta(format, 'proxy', place.input, place.location, original),
    source: record.clientPort
      ? { ip: record.client, port: record.clientPort }
      : { ip: record.client },
    destination,
    url: where.url,
    http: { request, response },
    original,
  };
  if (record.user !== '-') event.user = { name: record.user };
  if (record.serverPort && destination.port === undefined) destination.port = record.serverPort;
  if (record.bodyBytes !== undefined) response.body_bytes = record.bodyBytes;
  if (record.userAgent && record.userAgent !== '-')
    event.user_agent = { original: record.userAgent };
  return ok(event);
}

/** Where the request went: `host:port` for CONNECT tunnels, otherwise the URL. */
function target(record: SquidRecord): { url: NonNullable<LwEvent['url']>; destination: Endpoint } {
  if (record.method === 'CONNECT') {
    const colon = record.url.lastIndexOf(':');
    const host = (colon === -1 ? record.url : record.url.slice(0, colon)).replace(/^\[|\]$/g, '');
    const port = colon === -1 ? undefined : Number(record.url.slice(colon + 1));
    const destination = Number.isInteger(port) ? { domain: host, port } : { domain: host };
    return { url: { domain: host }, destination };
  }
  let parsed: URL;
  try {
    parsed = new URL(record.url);
  } catch {
    return { url: { full: record.url }, destination: {} };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const defaultPort = parsed.protocol === 'https:' ? 443 : parsed.protocol === 'http:' ? 80 : 0;
  const port = parsed.port ? Number(parsed.port) : defaultPort;
  return {
    url: { full: record.url, domain: host, path: parsed.pathname },
    destination: port ? { domain: host, port } : { domain: host },
  };
}
