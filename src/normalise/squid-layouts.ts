/**
 * Squid's other access.log layouts, reduced to the native record so that one normaliser maps
 * them all: `combined` and `common` (Apache-style, `logformat combined` in squid.conf), and the
 * extended layout the Elastic Squid integration documents (native fields plus ports, header
 * sizes, referrer, user agent and Host header).
 */
import { parseSquidLine, type SquidRecord } from './squid.js';

/** Most tokens a layout line may have; the widest layout has 25. */
const MAX_TOKENS = 64;

/**
 * Splits on spaces, keeping `"quoted strings"` (with `\"` escapes) and `[bracketed times]`
 * whole, in one pass. Returns undefined when a quote or bracket is not closed.
 */
export function squidTokens(line: string): string[] | undefined {
  const tokens: string[] = [];
  let at = 0;
  while (at < line.length && tokens.length <= MAX_TOKENS) {
    const char = line[at];
    if (char === ' ' || char === '\t') {
      at += 1;
      continue;
    }
    if (char === '"') {
      // Squid writes a quote inside a logged header as \"; skip those when finding the end.
      let end = line.indexOf('"', at + 1);
      while (end !== -1 && line[end - 1] === '\\') end = line.indexOf('"', end + 1);
      if (end === -1) return undefined;
      const raw = line.slice(at + 1, end);
      tokens.push(raw.includes('\\') ? raw.replace(/\\(.)/g, '$1') : raw);
      at = end + 1;
      continue;
    }
    if (char === '[') {
      const end = line.indexOf(']', at);
      if (end === -1) return undefined;
      tokens.push(line.slice(at + 1, end));
      at = end + 1;
      continue;
    }
    let end = at;
    while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end += 1;
    tokens.push(line.slice(at, end));
    at = end;
  }
  return tokens.length > MAX_TOKENS ? undefined : tokens;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const CLF_TIME =
  /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))? ([+-])(\d\d)(\d\d)$/;

/** `04/Mar/2024:09:15:00 +0100` (common log format time) as epoch seconds. */
export function clfEpoch(text: string): number | undefined {
  const m = CLF_TIME.exec(text);
  const month = m ? MONTHS[m[2] as string] : undefined;
  if (!m || month === undefined) return undefined;
  const [, dd, , yyyy, hh, mi, ss, ms, sign, zh, zm] = m;
  const local = Date.UTC(Number(yyyy), month, Number(dd), Number(hh), Number(mi), Number(ss));
  const offset = (Number(zh) * 60 + Number(zm)) * 60_000 * (sign === '-' ? -1 : 1);
  return (local - offset) / 1000 + Number(ms ?? 0) / 1000;
}

const NUMBER = /^\d{1,18}$/;
const CODE_HIER = /^([A-Z_]{1,64}):([A-Z_]{1,64})$/;

/**
 * `client ident user [time] "method url HTTP/v" status bytes ["referer" "agent"] code:hier`:
 * ten tokens for combined, eight for common.
 */
export function parseSquidCombined(line: string): SquidRecord | string {
  const t = squidTokens(line.trim());
  if (!t || (t.length !== 10 && t.length !== 8)) return 'not a combined or common log line';
  const [client, , user, time, request, status, bytes] = t as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const epoch = clfEpoch(time);
  if (epoch === undefined) return `'${time.slice(0, 40)}' is not a log time`;
  const parts = request.split(' ');
  if (parts.length < 2 || parts.length > 3) return 'the request is not "method URL version"';
  if (!/^\d{3}$/.test(status) || !(NUMBER.test(bytes) || bytes === '-')) {
    return 'status or size is not a number';
  }
  const codeHier = CODE_HIER.exec(t[t.length - 1] as string);
  if (!codeHier) return `'${(t[t.length - 1] as string).slice(0, 40)}' is not code:hierarchy`;
  const record: SquidRecord = {
    time: epoch.toFixed(3),
    elapsedMs: 0,
    client,
    result: codeHier[1] as string,
    status: Number(status),
    bytes: bytes === '-' ? 0 : Number(bytes),
    method: parts[0] as string,
    url: parts[1] as string,
    user,
    hierarchy: codeHier[2] as string,
    peer: '-',
    type: '-',
  };
  if (t.length === 10) {
    record.referrer = t[7] as string;
    record.userAgent = t[8] as string;
  }
  return record;
}

/**
 * The extended layout: `time elapsed client client-port code/status bytes request-bytes
 * reply-header-bytes request-header-bytes body-bytes method URL version user hierarchy/peer
 * server-port type - - "referer" "agent" "host" "forwarded-for" server-time -`.
 */
export function parseSquidExtended(line: string): SquidRecord | string {
  const t = squidTokens(line.trim());
  // Builds that log the TLS server name add one quoted field before the server time.
  if (!t || t.length < 25 || t.length > 26) return 'not a 25- or 26-field extended Squid line';
  const native = [t[0], t[1], t[2], t[4], t[5], t[10], t[11], t[13], t[14], t[16]].join(' ');
  const record = parseSquidLine(native);
  if (typeof record === 'string') return record;
  const port = (text: string | undefined): number | undefined =>
    text && NUMBER.test(text) && Number(text) < 65536 ? Number(text) : undefined;
  const body = t[9] as string;
  return {
    ...record,
    clientPort: port(t[3]),
    serverPort: port(t[15]),
    ...(NUMBER.test(body) ? { bodyBytes: Number(body) } : {}),
    referrer: t[19] as string,
    userAgent: t[20] as string,
  };
}
