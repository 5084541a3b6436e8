/**
 * Web proxy and network sensor lines: Squid's native access.log, and Zeek's http.log and
 * files.log in their TSV form with the header Zeek writes.
 */

/** `1794819842.118`: Squid's epoch seconds with milliseconds. */
function epoch(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export interface SquidEntry {
  time: number;
  elapsedMs: number;
  client: string;
  /** `TCP_MISS/200`, `TCP_DENIED/403`. */
  code: string;
  bytes: number;
  method: string;
  url: string;
  /** `DIRECT/203.0.113.50`, or `HIER_NONE/-` when nothing was fetched. */
  hierarchy: string;
  mime: string;
}

export function squidLine(e: SquidEntry): string {
  const elapsed = String(e.elapsedMs).padStart(6, ' ');
  const request = `${e.method} ${e.url} - ${e.hierarchy} ${e.mime}`;
  return `${epoch(e.time)} ${elapsed} ${e.client} ${e.code} ${e.bytes} ${request}`;
}

const ZEEK_HTTP_FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'trans_depth',
  'method',
  'host',
  'uri',
  'referrer',
  'version',
  'user_agent',
  'origin',
  'request_body_len',
  'response_body_len',
  'status_code',
  'status_msg',
  'info_code',
  'info_msg',
  'tags',
  'username',
  'password',
  'proxied',
  'orig_fuids',
  'orig_filenames',
  'orig_mime_types',
  'resp_fuids',
  'resp_filenames',
  'resp_mime_types',
];
const ZEEK_HTTP_TYPES = [
  'time',
  'string',
  'addr',
  'port',
  'addr',
  'port',
  'count',
  'string',
  'string',
  'string',
  'string',
  'string',
  'string',
  'string',
  'count',
  'count',
  'count',
  'string',
  'count',
  'string',
  'set[enum]',
  'string',
  'string',
  'set[string]',
  'vector[string]',
  'vector[string]',
  'vector[string]',
  'vector[string]',
  'vector[string]',
  'vector[string]',
];
const ZEEK_FILES_FIELDS = [
  'ts',
  'fuid',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'source',
  'depth',
  'analyzers',
  'mime_type',
  'filename',
  'duration',
  'local_orig',
  'is_orig',
  'seen_bytes',
  'total_bytes',
  'missing_bytes',
  'overflow_bytes',
  'timedout',
  'parent_fuid',
  'md5',
  'sha1',
  'sha256',
  'extracted',
  'extracted_cutoff',
  'extracted_size',
];
const ZEEK_FILES_TYPES = [
  'time',
  'string',
  'string',
  'addr',
  'port',
  'addr',
  'port',
  'string',
  'count',
  'set[string]',
  'string',
  'string',
  'interval',
  'bool',
  'bool',
  'count',
  'count',
  'count',
  'count',
  'bool',
  'string',
  'string',
  'string',
  'string',
  'string',
  'bool',
  'count',
];

export function zeekHeader(path: 'http' | 'files', openedMs: number): string {
  const [fields, types] =
    path === 'http' ? [ZEEK_HTTP_FIELDS, ZEEK_HTTP_TYPES] : [ZEEK_FILES_FIELDS, ZEEK_FILES_TYPES];
  const open = new Date(openedMs).toISOString().slice(0, 19).replace(/[T:]/g, '-');
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#open\t${open}`,
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
  ].join('\n');
}

export interface ZeekTransfer {
  time: number;
  uid: string;
  fuid: string;
  client: string;
  clientPort: number;
  server: string;
  method: string;
  host: string;
  uri: string;
  userAgent: string;
  status: number;
  mime: string;
  bytes: number;
  filename?: string;
  hashes?: { md5: string; sha1: string; sha256: string };
}

/** Zeek writes `-` for unset fields; tabs and newlines never occur in what is passed here. */
const unset = (value: string | undefined): string =>
  value === undefined || value === '' ? '-' : value;

export function zeekHttpLine(x: ZeekTransfer): string {
  return [
    epoch(x.time) + '000',
    x.uid,
    x.client,
    String(x.clientPort),
    x.server,
    '80',
    '1',
    x.method,
    x.host,
    x.uri,
    '-',
    '1.1',
    x.userAgent,
    '-',
    '0',
    String(x.bytes),
    String(x.status),
    x.status === 200 ? 'OK' : 'Not Found',
    '-',
    '-',
    '(empty)',
    '-',
    '-',
    '-',
    '-',
    '-',
    '-',
    x.fuid,
    unset(x.filename),
    x.mime,
  ].join('\t');
}

export function zeekFilesLine(x: ZeekTransfer): string {
  return [
    epoch(x.time + 1) + '000',
    x.fuid,
    x.uid,
    x.client,
    String(x.clientPort),
    x.server,
    '80',
    'HTTP',
    '0',
    x.hashes ? 'MD5,SHA1,SHA256' : '(empty)',
    x.mime,
    unset(x.filename),
    '0.012000',
    'F',
    'F',
    String(x.bytes),
    String(x.bytes),
    '0',
    '0',
    'F',
    '-',
    unset(x.hashes?.md5),
    unset(x.hashes?.sha1),
    unset(x.hashes?.sha256),
    '-',
    '-',
    '-',
  ].join('\t');
}
