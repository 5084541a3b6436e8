/**
 * Maps Zeek log records (http, files, conn, dns) to events. Both Zeek writers feed this: the
 * TSV reader after typing each column, the JSON reader after flattening `id.*` fields, so a
 * record here is a flat map from Zeek's dotted field names to values.
 */
import type { Endpoint, FileInfo, LwEvent } from '../model/event.js';
import { fileFromPath, isoTime, meta } from './meta.js';
import { fail, ok, skip, type Outcome, type RecordPlace } from './outcome.js';

export type ZeekRecord = Record<string, unknown>;

// Lists in a record (DNS answers, file ids, MIME types) are capped: one hostile record must
// not carry thousands of entries into every report.
const MAX_LIST = 100;

type Mapper = (record: ZeekRecord) => Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original'>;

/** The log paths Lurewatch models, each with its mapper. Other paths are skipped. */
const MAPPERS: Record<string, Mapper> = {
  http: (r) => {
    const host = text(r, 'host');
    const uri = text(r, 'uri');
    const event: ReturnType<Mapper> = {
      event: { kind: 'event', category: ['web', 'network'], type: ['access'], ...dataset('http') },
      source: endpoint(r, 'orig'),
      destination: endpoint(r, 'resp'),
      network: { transport: 'tcp', protocol: 'http' },
      http: nonEmptyObject(
        defined({
          request: nonEmptyObject(
            defined({ method: text(r, 'method'), referrer: text(r, 'referrer') }),
          ),
          response: nonEmptyObject(
            defined({
              status_code: num(r, 'status_code'),
              mime_type: list(r, 'resp_mime_types')[0],
              body_bytes: num(r, 'response_body_len'),
            }),
          ),
        }),
      ),
      zeek: defined({ uid: text(r, 'uid'), resp_fuids: nonEmpty(list(r, 'resp_fuids')) }),
    };
    if (host || uri) {
      event.url = defined({ domain: host, path: uri?.split('?')[0] });
      const authority = host ?? text(r, 'id.resp_h');
      if (uri && authority)
        event.url.full = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : `http://${authority}${uri}`;
    }
    const agent = text(r, 'user_agent');
    if (agent) event.user_agent = { original: agent };
    return event;
  },

  files: (r) => {
    // Older Zeek names the hosts tx/rx (sender/receiver of the file); newer adds the conn id.
    // Source is the connection's originator either way, so a download has the server as
    // destination, as in http.log.
    const tx = list(r, 'tx_hosts')[0];
    const rx = list(r, 'rx_hosts')[0];
    const fromOriginator = r['is_orig'] === true;
    const source = text(r, 'id.orig_h') ? endpoint(r, 'orig') : { ip: fromOriginator ? tx : rx };
    const destination = text(r, 'id.resp_h')
      ? endpoint(r, 'resp')
      : { ip: fromOriginator ? rx : tx };
    return {
      event: { kind: 'event', category: ['file', 'network'], type: ['info'], ...dataset('files') },
      file: defined({
        ...fileName(text(r, 'filename')),
        mime_type: text(r, 'mime_type'),
        size: num(r, 'total_bytes') ?? num(r, 'seen_bytes'),
        hash: nonEmptyObject(
          defined({ md5: text(r, 'md5'), sha1: text(r, 'sha1'), sha256: text(r, 'sha256') }),
        ),
      }),
      source: defined(source),
      destination: defined(destination),
      network: defined({ protocol: text(r, 'source')?.toLowerCase() }),
      zeek: defined({
        fuid: text(r, 'fuid'),
        uid: text(r, 'uid'),
        conn_uids: nonEmpty(list(r, 'conn_uids')),
      }),
    };
  },

  conn: (r) => ({
    event: { kind: 'event', category: ['network'], type: ['connection'], ...dataset('conn') },
    source: defined({ ...endpoint(r, 'orig'), bytes: num(r, 'orig_bytes') }),
    destination: defined({ ...endpoint(r, 'resp'), bytes: num(r, 'resp_bytes') }),
    network: defined({ transport: text(r, 'proto'), protocol: text(r, 'service') }),
    zeek: defined({ uid: text(r, 'uid') }),
  }),

  dns: (r) => {
    const query = text(r, 'query');
    return {
      event: { kind: 'event', category: ['network', 'dns'], type: ['info'], ...dataset('dns') },
      source: endpoint(r, 'orig'),
      destination: endpoint(r, 'resp'),
      network: defined({ transport: text(r, 'proto'), protocol: 'dns' }),
      dns: defined({
        question: query ? { name: query } : undefined,
        answers: nonEmpty(list(r, 'answers')),
      }),
      zeek: defined({ uid: text(r, 'uid') }),
    };
  },
};

export const ZEEK_PATHS: readonly string[] = Object.keys(MAPPERS);

// Fields that only one log type carries, tried in order: http rows also name files (resp_fuids)
// and files rows also name connections, so the more specific logs are tried first.
const INFERENCE: ReadonlyArray<[path: string, fields: readonly string[]]> = [
  ['http', ['method', 'status_code', 'trans_depth', 'resp_mime_types']],
  ['files', ['fuid', 'seen_bytes', 'total_bytes', 'tx_hosts']],
  ['dns', ['qtype_name', 'rcode_name', 'query', 'trans_id']],
  ['conn', ['conn_state', 'history', 'orig_ip_bytes', 'resp_ip_bytes']],
];

/** The modelled log type whose characteristic fields are present, for logs that do not say. */
export function zeekPathFromFields(names: readonly string[]): string | undefined {
  const present = new Set(names);
  return INFERENCE.find(([, fields]) => fields.some((field) => present.has(field)))?.[0];
}

export function normaliseZeek(
  format: string,
  path: string,
  record: ZeekRecord,
  original: unknown,
  place: RecordPlace,
): Outcome {
  const mapper = MAPPERS[path];
  if (!mapper) return skip(`zeek ${path} records are not modelled`);
  if (record['ts'] === undefined) return fail('missing-timestamp', `zeek ${path} record has no ts`);
  const timestamp = isoTime(record['ts']);
  if (!timestamp) return fail('bad-timestamp', `zeek ts '${String(record['ts']).slice(0, 40)}'`);
  const mapped = mapper(record);
  return ok({
    '@timestamp': timestamp,
    ...mapped,
    event: { ...mapped.event, code: path },
    lurewatch: meta(format, 'proxy', place.input, place.location, original),
    original,
  });
}

function dataset(path: string): { dataset: string; provider: string } {
  return { dataset: `zeek.${path}`, provider: 'zeek' };
}

function endpoint(r: ZeekRecord, side: 'orig' | 'resp'): Endpoint {
  return defined({ ip: text(r, `id.${side}_h`), port: num(r, `id.${side}_p`) });
}

function text(r: ZeekRecord, key: string): string | undefined {
  const value = r[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  return typeof value === 'number' ? String(value) : undefined;
}

function num(r: ZeekRecord, key: string): number | undefined {
  const value = r[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function list(r: ZeekRecord, key: string): string[] {
  const value = r[key];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return items
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .slice(0, MAX_LIST)
    .map(String);
}

function nonEmpty(items: string[]): string[] | undefined {
  return items.length > 0 ? items : undefined;
}

function nonEmptyObject<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

/**
 * SMB transfers name a path (`share\\dir\\file.exe`), HTTP a bare name from
 * Content-Disposition; only a path gets the path fields.
 */
function fileName(name: string | undefined): FileInfo {
  if (!name) return {};
  if (/[\\/]/.test(name)) return fileFromPath(name);
  const dot = name.lastIndexOf('.');
  const extension =
    dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
  return extension ? { name, extension } : { name };
}

/** Drops undefined members so that events carry only what the record said. */
function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
