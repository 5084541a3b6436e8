/**
 * The abuse.ch exports, by their published column layouts: MalwareBazaar (samples by hash),
 * URLhaus (malware download URLs) and ThreatFox (IOCs tied to malware families), each as CSV
 * and as the JSON the export and API pages serve. The malware family becomes attribution.
 */
import { problem } from '../../core/problems.js';
import type { Indicator, IndicatorType } from '../model.js';
import { normaliseValue } from '../normalise.js';
import { readCsv, recordOf } from './csv.js';
import { countSkip, emptyCollection, type FeedResult, type IntelFormat } from './types.js';

/** A feed row with the names its export gives, whether it came from CSV or JSON. */
type Row = Record<string, unknown>;

interface Layout {
  id: string;
  title: string;
  /** A column only this layout has, to find the header and sniff the file. */
  marker: string;
  rowIndicators(row: Row): Array<{ type: IndicatorType; value: string }>;
  family(row: Row): string | undefined;
  firstSeen: string;
  lastSeen?: string;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' && v !== 'n/a' && v !== 'None' ? v : undefined;

/** `2024-01-02 03:04:05` (UTC, as abuse.ch writes it) to ISO 8601. */
function isoUtc(v: unknown): string | undefined {
  const s = text(v);
  if (!s) return undefined;
  const t = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s) ? `${s.replace(' ', 'T')}Z` : s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function tagsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((t): t is string => typeof t === 'string');
  const s = text(v);
  return s
    ? s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
}

const THREATFOX_TYPES: Record<string, IndicatorType> = {
  'ip:port': 'ip',
  domain: 'domain',
  url: 'url',
  md5_hash: 'md5',
  sha1_hash: 'sha1',
  sha256_hash: 'sha256',
};

/**
 * In sniffing order: ThreatFox rows carry `sha256_hash` as an ioc_type value, so the
 * MalwareBazaar marker column is tried last.
 */
export const LAYOUTS: readonly Layout[] = [
  {
    id: 'threatfox',
    title: 'ThreatFox',
    marker: 'ioc_value',
    firstSeen: 'first_seen_utc',
    lastSeen: 'last_seen_utc',
    rowIndicators: (row) => {
      const type = THREATFOX_TYPES[text(row['ioc_type']) ?? ''];
      const raw = text(row['ioc_value']);
      if (!type || !raw) return [];
      // `ip:port` indicators name the address; the port is context.
      return [{ type, value: type === 'ip' ? raw.replace(/:\d{1,5}$/, '') : raw }];
    },
    family: (row) => text(row['malware_printable']),
  },
  {
    id: 'urlhaus',
    title: 'URLhaus',
    marker: 'urlhaus_link',
    firstSeen: 'dateadded',
    lastSeen: 'last_online',
    rowIndicators: (row) => (text(row['url']) ? [{ type: 'url', value: text(row['url'])! }] : []),
    family: (row) =>
      tagsOf(row['tags']).find(
        (t) => !/^(exe|elf|dll|zip|doc|xls|32-bit|64-bit|arm|mips)$/i.test(t),
      ),
  },
  {
    id: 'malwarebazaar',
    title: 'MalwareBazaar',
    marker: 'sha256_hash',
    firstSeen: 'first_seen_utc',
    rowIndicators: (row) =>
      (
        [
          ['sha256', row['sha256_hash']],
          ['sha1', row['sha1_hash']],
          ['md5', row['md5_hash']],
          ['filename', row['file_name']],
        ] as const
      ).flatMap(([type, v]) => (text(v) ? [{ type, value: text(v)! }] : [])),
    family: (row) => text(row['signature']),
  },
];

function indicatorsOfRow(layout: Layout, row: Row, source: string, ref: string): Indicator[] {
  const family = layout.family(row);
  const confidence = Number(row['confidence_level']);
  const firstSeen = isoUtc(row[layout.firstSeen]);
  const lastSeen = layout.lastSeen ? isoUtc(row[layout.lastSeen]) : undefined;
  const tags = [
    ...tagsOf(row['tags']),
    ...[row['threat_type'], row['threat']].flatMap((t) => (text(t) ? [String(t)] : [])),
  ];
  return layout.rowIndicators(row).flatMap(({ type, value: raw }) => {
    const value = normaliseValue(type, raw);
    if (!value) return [];
    return [
      {
        type,
        value,
        source,
        ref,
        tags,
        attribution: family ? [{ kind: 'malware' as const, name: family }] : [],
        ...(firstSeen ? { firstSeen } : {}),
        ...(lastSeen || firstSeen ? { lastSeen: lastSeen ?? firstSeen! } : {}),
        ...(Number.isFinite(confidence) && row['confidence_level'] !== undefined
          ? { confidence: Math.max(0, Math.min(100, confidence)) }
          : {}),
      },
    ];
  });
}

/** JSON exports: `{ "<id>": [row] }` (URLhaus, ThreatFox) or `{ "data": [row] }` (API). */
function jsonRows(json: unknown): Array<{ ref: string; row: Row }> {
  if (!json || typeof json !== 'object') return [];
  const data = (json as { data?: unknown }).data;
  if (Array.isArray(data))
    return data.map((row, i) => ({ ref: `record ${i + 1}`, row: row as Row }));
  return Object.entries(json as Record<string, unknown>).flatMap(([id, rows]) =>
    Array.isArray(rows) ? rows.map((row) => ({ ref: id, row: row as Row })) : [],
  );
}

function parseWith(layout: Layout, name: string, body: string): FeedResult {
  const source = layout.id;
  const collection = emptyCollection(source, `${layout.title} export ${name}`, layout.id);
  const out: FeedResult = { indicators: [], collections: [collection], problems: [] };
  let rows: Array<{ ref: string; row: Row }>;
  if (/^\s*[[{]/.test(body)) {
    try {
      rows = jsonRows(JSON.parse(body));
    } catch (error) {
      out.problems.push(problem(name, '', 'bad-json', (error as Error).message));
      return out;
    }
  } else {
    const table = readCsv(body, layout.marker);
    rows = (table?.rows ?? []).map((r) => ({
      ref: `line ${r.line}`,
      row: recordOf(table!.header, r.fields),
    }));
  }
  const families = new Set<string>();
  for (const { ref, row } of rows) {
    collection.records += 1;
    const found = indicatorsOfRow(layout, row, source, ref);
    if (found.length === 0) {
      countSkip(collection, text(row['ioc_type']) ?? 'no indicator');
      continue;
    }
    for (const i of found) i.attribution.forEach((a) => families.add(`${a.kind} ${a.name}`));
    out.indicators.push(...found);
    collection.indicators += found.length;
  }
  collection.attribution = [...families].slice(0, 1000);
  return out;
}

export const abuseChFormats: IntelFormat[] = LAYOUTS.map((layout) => ({
  id: layout.id,
  title: `${layout.title} CSV or JSON export`,
  sniff: (head: string) =>
    head.includes(`"${layout.marker}"`) ||
    new RegExp(`(^|[#,\\s])${layout.marker}([,\\s]|$)`, 'm').test(head),
  parse: (input) => parseWith(layout, input.name, input.text),
}));
