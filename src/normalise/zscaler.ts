/**
 * Zscaler Internet Access web logs, as the Nanolog Streaming Service (NSS) sends them: a JSON
 * object per transaction (bare, or in the `{"sourcetype":"zscalernss-web","event":{...}}`
 * envelope of the SIEM feed templates) or the default feed's quoted, comma-separated fields.
 * Field names follow the NSS web feed variables (`%s{eurl}`, `%s{cip}`); the Splunk-style
 * template's names (`url`, `ClientIP`) are read as well.
 */
import type { LwEvent } from '../model/event.js';
import { fileFromPath, meta } from './meta.js';
import { fail, ok, type Outcome, type RecordPlace } from './outcome.js';
import { compact, first, int, isObject, lowerHex, text, type Row } from './row.js';

/** Columns of the default web feed, in order (NSS Feed Output Format: Web Logs). */
export const DEFAULT_WEB_FEED = [
  'time',
  'login',
  'proto',
  'eurl',
  'action',
  'appname',
  'appclass',
  'reqsize',
  'respsize',
  'stime',
  'ctime',
  'urlclass',
  'urlsupercat',
  'urlcat',
  'malwarecat',
  'threatname',
  'riskscore',
  'dlpeng',
  'dlpdict',
  'location',
  'dept',
  'cip',
  'sip',
  'reqmethod',
  'respcode',
  'ua',
  'ereferer',
  'ruletype',
  'rulelabel',
  'contenttype',
  'unscannabletype',
  'deviceowner',
  'devicehostname',
] as const;

/** The record inside the SIEM feed envelope, or the object itself. */
export function zscalerRow(value: unknown): Row | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value['sourcetype'] === 'string' && isObject(value['event'])) return value['event'];
  return value;
}

export function looksLikeZscaler(value: unknown): boolean {
  if (isObject(value) && value['sourcetype'] === 'zscalernss-web') return true;
  const row = zscalerRow(value);
  if (!row) return false;
  const hasUrl = 'eurl' in row || ('url' in row && 'urlcategory' in row);
  return hasUrl && ('cip' in row || 'ClientIP' in row);
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const NSS_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * `Fri Dec 31 07:07:07 2021` carries no zone: it is in the feed's configured zone, GMT unless
 * the administrator chose another (then `--clock-offset` puts it right).
 */
export function nssTime(value: string): string | undefined {
  const m = NSS_TIME.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] as string);
  if (month % 3 !== 0) return undefined;
  const [, , dd, hh, mi, ss, yyyy] = m;
  const ms = Date.UTC(Number(yyyy), month / 3, Number(dd), Number(hh), Number(mi), Number(ss));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function timeOf(row: Row): string | undefined {
  const epoch = int(row, 'epochtime');
  if (epoch !== undefined) return new Date(epoch * 1000).toISOString();
  const value = first(row, 'time', 'datetime');
  return value === undefined ? undefined : nssTime(value);
}

/** NSS writes URLs without their scheme; the protocol column says which it was. */
function urlParts(row: Row, method: string | undefined) {
  const raw = first(row, 'eurl', 'url');
  if (raw === undefined) return {};
  const proto = (first(row, 'proto', 'protocol') ?? '').toUpperCase();
  if (method === 'CONNECT' || proto === 'SSL' || proto === 'TUNNEL') {
    const colon = raw.lastIndexOf(':');
    const port = colon === -1 ? undefined : Number(raw.slice(colon + 1));
    const domain = (Number.isInteger(port) ? raw.slice(0, colon) : raw).toLowerCase();
    return {
      url: { domain },
      destination: compact({ domain, port: Number.isInteger(port) ? port : undefined }),
    };
  }
  const scheme = /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(raw)
    ? ''
    : proto.includes('HTTPS')
      ? 'https://'
      : 'http://';
  const full = scheme + raw;
  try {
    const parsed = new URL(full);
    const domain = parsed.hostname.toLowerCase();
    return { url: { full, domain, path: parsed.pathname }, destination: { domain } };
  } catch {
    return { url: { full } };
  }
}

export function normaliseZscaler(
  row: Row,
  original: unknown,
  format: string,
  place: RecordPlace,
): Outcome {
  const raw = first(row, 'epochtime', 'time', 'datetime');
  if (raw === undefined) return fail('missing-timestamp', 'no time, datetime or epochtime field');
  const timestamp = timeOf(row);
  if (!timestamp) return fail('bad-timestamp', `'${raw.slice(0, 40)}' is not an NSS time`);

  const method = first(row, 'reqmethod', 'requestmethod');
  const where = urlParts(row, method);
  const status = int(row, 'respcode') ?? int(row, 'status');
  const mime = first(row, 'contenttype');
  const bytes = int(row, 'respsize') ?? int(row, 'responsesize');
  const server = first(row, 'sip', 'serverip');
  const login = first(row, 'login', 'user');
  const device = first(row, 'devicehostname', 'hostname');
  const agent = first(row, 'ua', 'useragent');
  const fileName = first(row, 'filename');
  const md5 = lowerHex(first(row, 'bamd5'), 32);

  const event: LwEvent = {
    '@timestamp': timestamp,
    event: compact({
      kind: 'event' as const,
      category: ['web' as const, 'network' as const],
      type: ['access'],
      action: first(row, 'action'),
      dataset: 'zscaler.web',
      provider: 'zscaler',
    }),
    lurewatch: meta(format, 'proxy', place.input, place.location, original),
    source: compact({
      ip: first(row, 'cip', 'ClientIP'),
      bytes: int(row, 'reqsize') ?? int(row, 'requestsize'),
    }),
    destination: compact({ ...where.destination, ip: server, bytes }),
    http: {
      request: compact({ method, referrer: first(row, 'ereferer', 'refererURL') }),
      response: compact({
        status_code: status && status > 0 ? status : undefined,
        mime_type: mime?.includes('/') ? mime : undefined,
        body_bytes: bytes,
      }),
    },
    original,
  };
  if (where.url) event.url = where.url;
  if (login) event.user = { name: login };
  if (device) event.host = { name: device };
  if (agent) event.user_agent = { original: agent };
  if (fileName || md5) {
    event.file = compact({
      ...(fileName ? fileFromPath(fileName) : {}),
      hash: md5 ? { md5 } : undefined,
    });
  }
  return ok(event);
}
