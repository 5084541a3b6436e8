/**
 * osquery scheduled-query results (the filesystem logger's JSON lines) for the evented tables
 * `process_events` and `file_events`. A line holds one row (`columns`, the default
 * "event" format), a batch (`diffResults.added`), or a `snapshot` list. The table is read from
 * the query name, which packs prefix (`pack_ir_process_events`), or from the columns.
 */
import type { LwEvent } from '../model/event.js';
import { baseName, fileFromPath, isoTime, meta } from './meta.js';
import { fail, ok, skip, type Outcome, type RecordPlace } from './outcome.js';
import { compact, int, isObject, lowerHex, text, type Row } from './row.js';

export type OsqueryTable = 'process_events' | 'file_events';

/** Rows taken from one batch or snapshot line; a scheduled query rarely returns more. */
export const MAX_ROWS_PER_LINE = 10_000;

export interface OsqueryRow {
  table: OsqueryTable | undefined;
  columns: Row;
  host?: string;
  /** The result line's own time, for rows that carry none. */
  unixTime?: number;
}

function tableOf(name: string, columns: Row): OsqueryTable | undefined {
  if (name.endsWith('process_events')) return 'process_events';
  if (name.endsWith('file_events')) return 'file_events';
  if ('cmdline' in columns && 'parent' in columns) return 'process_events';
  if ('target_path' in columns && 'action' in columns) return 'file_events';
  return undefined;
}

/** The rows of one result line; undefined when the line is not an osquery result. */
export function osqueryRows(value: unknown): OsqueryRow[] | undefined {
  if (!isObject(value) || typeof value['name'] !== 'string') return undefined;
  const name = value['name'];
  const host = text(value, 'hostIdentifier');
  const unixTime = int(value, 'unixTime');
  let rows: unknown[] = [];
  if (isObject(value['columns'])) rows = [value['columns']];
  else if (Array.isArray(value['snapshot'])) rows = value['snapshot'];
  else if (isObject(value['diffResults']) && Array.isArray(value['diffResults']['added'])) {
    rows = value['diffResults']['added'];
  } else return undefined;
  return rows
    .slice(0, MAX_ROWS_PER_LINE)
    .filter(isObject)
    .map((columns) => compact({ table: tableOf(name, columns), columns, host, unixTime }));
}

export function looksLikeOsquery(value: unknown): boolean {
  return (
    isObject(value) &&
    ('hostIdentifier' in value || 'calendarTime' in value) &&
    (osqueryRows(value)?.length ?? 0) > 0
  );
}

type Content = Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original' | 'host'>;

function processEvent(c: Row): Content {
  const executable = text(c, 'path');
  return compact({
    event: {
      kind: 'event' as const,
      category: ['process' as const],
      type: ['start'],
      action: text(c, 'syscall') ?? 'exec',
      dataset: 'osquery.process_events',
    },
    process: compact({
      pid: int(c, 'pid'),
      executable,
      name: executable ? baseName(executable) : undefined,
      command_line: text(c, 'cmdline'),
      working_directory: text(c, 'cwd')?.replace(/^"|"$/g, ''),
      parent: compact({ pid: int(c, 'parent') }),
    }),
    user: text(c, 'username') ? { name: text(c, 'username') as string } : undefined,
  });
}

// file_events actions (FSEvents and inotify) in ECS event.type terms.
const FILE_TYPES: Record<string, string> = {
  CREATED: 'creation',
  UPDATED: 'change',
  ATTRIBUTES_MODIFIED: 'change',
  MOVED_TO: 'creation',
  MOVED_FROM: 'deletion',
  DELETED: 'deletion',
  OPENED: 'access',
  ACCESSED: 'access',
};

function fileEvent(c: Row): Content | undefined {
  const path = text(c, 'target_path');
  if (!path) return undefined;
  const action = text(c, 'action') ?? '';
  const hash = compact({
    sha256: lowerHex(text(c, 'sha256'), 64),
    sha1: lowerHex(text(c, 'sha1'), 40),
    md5: lowerHex(text(c, 'md5'), 32),
  });
  return compact({
    event: {
      kind: 'event' as const,
      category: ['file' as const],
      type: [FILE_TYPES[action] ?? 'info'],
      action: action.toLowerCase() || undefined,
      dataset: 'osquery.file_events',
    },
    file: compact({
      ...fileFromPath(path),
      size: int(c, 'size'),
      hash: Object.keys(hash).length > 0 ? hash : undefined,
    }),
  });
}

const MAPPERS: Record<OsqueryTable, (columns: Row) => Content | undefined> = {
  process_events: processEvent,
  file_events: fileEvent,
};

export function normaliseOsquery(
  row: OsqueryRow,
  original: unknown,
  place: RecordPlace,
  format: string,
): Outcome {
  const raw = int(row.columns, 'time') ?? row.unixTime;
  if (raw === undefined) return fail('missing-timestamp', 'no time column and no unixTime');
  const timestamp = isoTime(raw);
  if (!timestamp) return fail('bad-timestamp', `'${raw}' is not epoch seconds`);
  const content = row.table ? MAPPERS[row.table](row.columns) : undefined;
  if (!content) return skip('a query result Lurewatch does not model');
  const event: LwEvent = {
    '@timestamp': timestamp,
    ...content,
    lurewatch: meta(format, 'edr', place.input, place.location, original),
    original,
  };
  if (row.host) event.host = { name: row.host };
  return ok(event);
}
