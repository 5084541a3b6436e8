/**
 * What `investigate` keeps between its passes, on disk so that memory does not grow with the
 * number of incidents: the launches that seed incidents, each draft's origin keys and process
 * tree, and the triaged incidents themselves, read back in time order for the reports.
 *
 * Every read is paged (keyset pagination) rather than iterated, because an open SQLite
 * iterator blocks the connection, and the passes write while they walk.
 */
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { LookupRecord } from '../intel/connectors/types.js';
import type { Incident, IncidentList } from '../model/incident.js';
import { openScratch } from './scratch-db.js';

const SCHEMA = `
CREATE TABLE seeds (host TEXT NOT NULL, key TEXT NOT NULL, path TEXT NOT NULL,
  event_id TEXT NOT NULL);
CREATE INDEX seeds_group ON seeds (host, key);
CREATE TABLE drafts (no INTEGER PRIMARY KEY, host TEXT NOT NULL, key TEXT NOT NULL,
  nested INTEGER NOT NULL DEFAULT 0);
CREATE TABLE draft_runs (no INTEGER NOT NULL, event_id TEXT NOT NULL);
CREATE INDEX draft_runs_no ON draft_runs (no);
CREATE TABLE tree_members (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE origins (no INTEGER NOT NULL, key TEXT NOT NULL);
CREATE INDEX origins_key ON origins (key);
CREATE INDEX origins_no ON origins (no);
CREATE TABLE origin_counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE lookups (no INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE incidents (seq INTEGER PRIMARY KEY, no INTEGER NOT NULL, id TEXT NOT NULL,
  first_seen TEXT NOT NULL, verdict TEXT NOT NULL, json TEXT NOT NULL);
CREATE INDEX incidents_order ON incidents (first_seen, seq);
`;

const PAGE = 256;

/** One launch of a user-opened file (the shape correlation's seeds have). */
export interface SeedRow {
  eventId: string;
  host: string;
  /** The path as logged. */
  path: string;
}

export interface DraftGroup {
  no: number;
  seeds: SeedRow[];
}

export class RunSpool {
  private readonly db: Database.Database;
  private readonly dir: string;
  private readonly insertSeed: Database.Statement;
  private pending = 0;

  constructor() {
    ({ db: this.db, dir: this.dir } = openScratch('lurewatch-run-', SCHEMA));
    this.insertSeed = this.db.prepare('INSERT INTO seeds VALUES (?, ?, ?, ?)');
  }

  /** One launch of a user-opened file; launches of the same path on a host form one draft. */
  addSeed(host: string, path: string, eventId: string): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    this.insertSeed.run(host, path.toLowerCase(), path, eventId);
    if (++this.pending >= 5000) this.commit();
  }

  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.pending = 0;
  }

  /** Numbers the seed groups once, in a stable order; returns how many there are. */
  numberDrafts(): number {
    this.commit();
    this.db.exec(
      `INSERT INTO drafts (host, key) SELECT host, key FROM seeds GROUP BY host, key
       ORDER BY host, key`,
    );
    return (this.db.prepare('SELECT count(*) AS n FROM drafts').get() as { n: number }).n;
  }

  /** Every draft's seeds, a page at a time; with `standalone`, only drafts not nested. */
  *drafts(standalone = false): Generator<DraftGroup> {
    const page = this.db.prepare(
      `SELECT no, host, key FROM drafts WHERE no > ? ${standalone ? 'AND nested = 0' : ''}
       ORDER BY no LIMIT ${PAGE}`,
    );
    const seeds = this.db.prepare(
      `SELECT event_id AS eventId, host, path FROM seeds WHERE host = ? AND key = ?
       ORDER BY rowid`,
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Array<{ no: number; host: string; key: string }>;
      if (rows.length === 0) return;
      for (const row of rows) {
        yield { no: row.no, seeds: seeds.all(row.host, row.key) as SeedRow[] };
      }
      after = rows[rows.length - 1]!.no;
    }
  }

  /** What the first pass learns of a draft: its launches, tree and origin keys. */
  noteDraft(no: number, runs: readonly string[], tree: readonly string[], keys: string[]): void {
    const run = this.db.prepare('INSERT INTO draft_runs VALUES (?, ?)');
    const member = this.db.prepare('INSERT OR IGNORE INTO tree_members VALUES (?)');
    const origin = this.db.prepare('INSERT INTO origins VALUES (?, ?)');
    this.db.transaction(() => {
      for (const id of runs) run.run(no, id);
      for (const id of tree) member.run(id);
      for (const key of keys) origin.run(no, key);
    })();
  }

  /**
   * A file that only ever ran inside another draft's process tree (the payload a
   * self-extracting archive starts) belongs to that story: marks such drafts nested.
   */
  markNested(): number {
    const nested = this.db
      .prepare(
        `UPDATE drafts SET nested = 1 WHERE NOT EXISTS (SELECT 1 FROM draft_runs r
           WHERE r.no = drafts.no AND r.event_id NOT IN (SELECT event_id FROM tree_members))`,
      )
      .run().changes;
    // Counted once here: a sender behind thousands of benign incidents would otherwise be
    // counted again for each of them.
    this.db.exec(
      `INSERT INTO origin_counts SELECT o.key, count(*) FROM origins o
         JOIN drafts d ON d.no = o.no WHERE d.nested = 0 GROUP BY o.key`,
    );
    return nested;
  }

  noteLookups(no: number, records: readonly LookupRecord[]): void {
    if (records.length === 0) return;
    this.db.prepare('INSERT INTO lookups VALUES (?, ?)').run(no, JSON.stringify(records));
  }

  lookupsOf(no: number): LookupRecord[] {
    const row = this.db.prepare('SELECT json FROM lookups WHERE no = ?').get(no) as
      { json: string } | undefined;
    return row ? (JSON.parse(row.json) as LookupRecord[]) : [];
  }

  originsOf(no: number): string[] {
    const rows = this.db.prepare('SELECT key FROM origins WHERE no = ? ORDER BY rowid').all(no);
    return (rows as Array<{ key: string }>).map((r) => r.key);
  }

  /** How many standalone drafts of this run carry the key (after `markNested`). */
  originCount(key: string): number {
    const row = this.db.prepare('SELECT n FROM origin_counts WHERE key = ?').get(key) as
      { n: number } | undefined;
    return row?.n ?? 0;
  }

  addIncident(no: number, incident: Incident): void {
    this.db
      .prepare('INSERT INTO incidents (no, id, first_seen, verdict, json) VALUES (?, ?, ?, ?, ?)')
      .run(no, incident.id, incident.firstSeen, incident.verdict, JSON.stringify(incident));
  }

  /** The stored incidents with their origin keys, a page at a time, in time order. */
  *incidentsWithOrigins(withOrigins = true): Generator<{ incident: Incident; origins: string[] }> {
    const page = this.db.prepare(
      `SELECT seq, no, first_seen AS firstSeen, json FROM incidents
       WHERE (first_seen, seq) > (?, ?) ORDER BY first_seen, seq LIMIT ${PAGE}`,
    );
    let after: [string, number] = ['', 0];
    for (;;) {
      const rows = page.all(...after) as Array<{
        seq: number;
        no: number;
        firstSeen: string;
        json: string;
      }>;
      if (rows.length === 0) return;
      for (const row of rows) {
        const incident = JSON.parse(row.json) as Incident;
        yield { incident, origins: withOrigins ? this.originsOf(row.no) : [] };
      }
      const last = rows[rows.length - 1]!;
      after = [last.firstSeen, last.seq];
    }
  }

  countByVerdict(verdict: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM incidents WHERE verdict = ?')
      .get(verdict) as { n: number };
    return row.n;
  }

  /** The incidents as a list the report writers can walk as often as they need. */
  incidents(): IncidentList {
    const length = (this.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number })
      .n;
    const walk = (): Generator<{ incident: Incident; origins: string[] }> =>
      this.incidentsWithOrigins(false);
    return {
      length,
      *[Symbol.iterator]() {
        for (const { incident } of walk()) yield incident;
      },
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
