/**
 * The run's working set: every event that correlation may need, on disk in a temporary SQLite
 * database with indexes for the joins. Keeping it on disk is what lets `investigate` read
 * inputs of any size in bounded memory; the file is removed when the run ends.
 */
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { FileAnalysis } from '../model/analysis.js';
import type { LwEvent } from '../model/event.js';
import type { Signal } from '../detect/analytics/index.js';
import { hostKey } from './host-key.js';
import { openScratch } from './scratch-db.js';

export type StoredKind = 'proc' | 'net' | 'file' | 'dns' | 'web' | 'email';

export interface StoredEvent {
  event: LwEvent;
  /** Milliseconds since the epoch on the common clock (recorded time plus source offset). */
  t: number;
  host: string;
}

/**
 * Correlation and triage work on the normalised fields; evidence points back to the record by
 * input and location. Leaving the original record out keeps the working set (and every
 * incident draft read back from it) small: a Security 4688 record's Message alone is 2 KB.
 */
function withoutOriginal(event: LwEvent): Omit<LwEvent, 'original'> & { original: null } {
  const { original: _dropped, ...rest } = event;
  return { ...rest, original: null };
}

function kindOf(event: LwEvent): StoredKind | undefined {
  const { category, type } = event.event;
  if (category.includes('email')) return 'email';
  if (event.lurewatch.source === 'proxy') return 'web';
  if (category.includes('process') && type.includes('start')) return 'proc';
  if (category.includes('dns')) return 'dns';
  if (category.includes('network')) return 'net';
  // Reads of a file (object access audits) are not the writes correlation looks for.
  if (category.includes('file') && !(type.length === 1 && type[0] === 'access')) return 'file';
  return undefined;
}

const SCHEMA = `
CREATE TABLE events (
  id TEXT PRIMARY KEY, t INTEGER NOT NULL, host TEXT NOT NULL, kind TEXT NOT NULL,
  guid TEXT, pid INTEGER, pguid TEXT, ppid INTEGER, path TEXT, name TEXT, sha256 TEXT,
  src_ip TEXT, dst_ip TEXT, domain TEXT, url TEXT, json TEXT NOT NULL,
  rec_t INTEGER NOT NULL, clock TEXT NOT NULL, src_port INTEGER, dst_port INTEGER,
  transport TEXT, origin_url TEXT, source TEXT NOT NULL, offset_ms INTEGER, offset_src TEXT
);
CREATE INDEX events_clock ON events (clock);
CREATE INDEX events_tuple ON events (src_ip, src_port);
CREATE INDEX events_url ON events (url);
CREATE INDEX events_host_kind_t ON events (host, kind, t);
CREATE INDEX events_guid ON events (host, guid);
CREATE INDEX events_pguid ON events (host, pguid);
CREATE INDEX events_path ON events (path);
CREATE INDEX events_name ON events (name);
CREATE INDEX events_sha256 ON events (sha256);
CREATE INDEX events_src_ip ON events (src_ip, t);
CREATE INDEX events_dst_ip ON events (dst_ip);
-- Defender's attachment rows name their message by NetworkMessageId only.
CREATE INDEX events_message ON events (json_extract(json, '$.email.local_id'))
  WHERE kind = 'email';
CREATE TABLE attachments (
  event_id TEXT, sha256 TEXT, name TEXT, path TEXT, t INTEGER NOT NULL, rec_t INTEGER NOT NULL,
  clock TEXT NOT NULL
);
CREATE INDEX attachments_sha256 ON attachments (sha256, t);
CREATE INDEX attachments_name ON attachments (name, t);
CREATE INDEX attachments_clock ON attachments (clock);
CREATE TABLE signals (
  event_id TEXT, analytic TEXT, summary TEXT, subject TEXT, campaign TEXT, detail TEXT,
  attack TEXT
);
CREATE INDEX signals_event ON signals (event_id);
CREATE TABLE host_ips (host TEXT, ip TEXT, PRIMARY KEY (host, ip));
`;

/** The start of every `query`: the columns it turns back into an event. */
export const SELECT_EVENTS = 'SELECT json, t, host, offset_ms, offset_src FROM events';

const LOCAL_IP = /^(127\.|0\.|169\.254\.|::1$|fe80:|::$)/i;

export class WorkingStore {
  private readonly db: Database.Database;
  private readonly dir: string;
  private readonly insert: Database.Statement;
  private readonly insertAttachment: Database.Statement;
  private readonly insertSignal: Database.Statement;
  private readonly insertHostIp: Database.Statement;
  private pending = 0;
  stored = 0;

  constructor() {
    ({ db: this.db, dir: this.dir } = openScratch('lurewatch-', SCHEMA));
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO events VALUES (@id, @t, @host, @kind, @guid, @pid, @pguid, @ppid,
        @path, @name, @sha256, @src_ip, @dst_ip, @domain, @url, @json, @rec_t, @clock,
        @src_port, @dst_port, @transport, @origin_url, @source, NULL, NULL)`,
    );
    this.insertAttachment = this.db.prepare('INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertSignal = this.db.prepare('INSERT INTO signals VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertHostIp = this.db.prepare('INSERT OR IGNORE INTO host_ips VALUES (?, ?)');
    this.db.exec('BEGIN');
  }

  /** Keeps the event if correlation can use it; returns whether it was kept. */
  add(event: LwEvent, t: number, signals: readonly Signal[]): boolean {
    const kind = kindOf(event);
    if (!kind) return false;
    const host = hostKey(event.host?.name);
    const p = event.process;
    const path = kind === 'proc' ? p?.executable : event.file?.path;
    const result = this.insert.run({
      id: event.lurewatch.id,
      t,
      host,
      kind,
      guid: p?.entity_id ?? null,
      pid: p?.pid ?? null,
      pguid: p?.parent?.entity_id ?? null,
      ppid: p?.parent?.pid ?? null,
      path: path?.toLowerCase() ?? null,
      name: (kind === 'proc' ? p?.name : event.file?.name)?.toLowerCase() ?? null,
      sha256: (kind === 'proc' ? p?.hash?.sha256 : event.file?.hash?.sha256) ?? null,
      src_ip: event.source?.ip ?? null,
      dst_ip: event.destination?.ip ?? null,
      domain:
        (
          event.destination?.domain ??
          event.url?.domain ??
          event.dns?.question?.name
        )?.toLowerCase() ?? null,
      url: event.url?.full ?? null,
      json: JSON.stringify(withoutOriginal(event)),
      rec_t: Date.parse(event['@timestamp']),
      clock: event.lurewatch.format,
      src_port: event.source?.port ?? null,
      dst_port: event.destination?.port ?? null,
      transport: event.network?.transport?.toLowerCase() ?? null,
      origin_url: event.file?.origin_url ?? null,
      source: event.lurewatch.source,
    });
    if (result.changes === 0) return true;
    this.stored += 1;
    // The message's time goes with each attachment, so that "the latest messages carrying this
    // name before the file ran" is one index range however often the name recurs.
    const when = [t, Date.parse(event['@timestamp']), event.lurewatch.format] as const;
    for (const attachment of event.email?.attachments ?? []) {
      const name = attachment.file.name?.toLowerCase() ?? null;
      const sha256 = attachment.file.hash?.sha256 ?? null;
      this.insertAttachment.run(event.lurewatch.id, sha256, name, name, ...when);
    }
    // Files found inside attachments (the exe in an ISO, the script in a zip) join too.
    for (const top of event.email?.analysis ?? []) {
      for (const inner of descendants(top)) {
        const name = inner.name.toLowerCase();
        this.insertAttachment.run(event.lurewatch.id, inner.sha256, name, inner.path, ...when);
      }
    }
    this.addSignals(signals);
    // A host's own addresses, learnt from its outbound connections, let proxy logs (which
    // know only the client address) join the host's events.
    if (kind === 'net' && host && event.network?.direction === 'outbound') {
      const ip = event.source?.ip;
      if (ip && !LOCAL_IP.test(ip) && ip !== '0.0.0.0') this.insertHostIp.run(host, ip);
    }
    this.pending += 1;
    if (this.pending >= 5000) this.flush();
    return true;
  }

  flush(): void {
    if (this.pending === 0 && !this.db.inTransaction) return;
    this.db.exec('COMMIT');
    this.db.exec('BEGIN');
    this.pending = 0;
  }

  /** Ends loading; queries may follow. */
  /** Adds signals about kept events, also after reading (live intel look-ups). */
  addSignals(signals: readonly Signal[]): void {
    for (const s of signals) {
      this.insertSignal.run(
        s.eventId,
        s.analytic,
        s.summary,
        s.subject ?? null,
        s.campaign ?? null,
        s.intel ? JSON.stringify(s.intel) : null,
        s.attack?.join(',') ?? null,
      );
    }
  }

  seal(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.exec('ANALYZE');
  }

  /**
   * Puts every row of one clock (a reader id) on the common clock at `offsetMs` from its
   * recorded time, and notes the offset and where it came from beside each event (read back
   * into it by `query`): rewriting millions of stored records would cost more than the run.
   */
  shiftClock(clock: string, offsetMs: number, origin: 'configured' | 'estimated'): number {
    const changed = this.db
      .prepare('UPDATE events SET t = rec_t + ?, offset_ms = ?, offset_src = ? WHERE clock = ?')
      .run(offsetMs, offsetMs, origin, clock).changes;
    this.db.prepare('UPDATE attachments SET t = rec_t + ? WHERE clock = ?').run(offsetMs, clock);
    return changed;
  }

  /** Events selected with `${SELECT_EVENTS} WHERE ...`. */
  query(sql: string, ...params: unknown[]): StoredEvent[] {
    const rows = this.db.prepare(sql).all(...params) as Array<{
      json: string;
      t: number;
      host: string;
      offset_ms: number | null;
      offset_src: 'configured' | 'estimated' | null;
    }>;
    return rows.map((row) => {
      const event = JSON.parse(row.json) as LwEvent;
      if (row.offset_ms != null && row.offset_src != null) {
        event.lurewatch.clock_offset_ms = row.offset_ms;
        event.lurewatch.clock_offset_source = row.offset_src;
      }
      return { event, t: row.t, host: row.host };
    });
  }

  values<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function* descendants(file: FileAnalysis): Iterable<FileAnalysis> {
  for (const child of file.children) {
    yield child;
    yield* descendants(child);
  }
}
