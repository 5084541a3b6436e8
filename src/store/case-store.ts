/**
 * The case store: incidents kept across runs in an embedded SQLite database under
 * `LUREWATCH_HOME` (default `./.lurewatch`). An incident's id is derived from its host, file
 * and first execution, so a second run over the same inputs updates rows instead of adding.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../model/incident.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY, first_seen TEXT NOT NULL, host TEXT NOT NULL, file_path TEXT NOT NULL,
  sha256 TEXT, verdict TEXT NOT NULL, severity TEXT NOT NULL, json TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_sha256 ON incidents (sha256);
CREATE TABLE IF NOT EXISTS origins (
  incident_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (incident_id, key)
);
CREATE INDEX IF NOT EXISTS origins_key ON origins (key);
`;

export class CaseStore {
  private readonly db: Database.Database;

  constructor(home: string) {
    mkdirSync(home, { recursive: true });
    this.db = new Database(join(home, 'cases.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  /** Saves incidents; returns how many were new. */
  save(incidents: readonly Incident[], origins: ReadonlyMap<string, readonly string[]>): number {
    const now = new Date().toISOString();
    const exists = this.db.prepare('SELECT 1 FROM incidents WHERE id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO incidents VALUES (@id, @first_seen, @host, @file_path, @sha256, @verdict,
         @severity, @json, @now, @now)
       ON CONFLICT (id) DO UPDATE SET verdict = excluded.verdict, severity = excluded.severity,
         json = excluded.json, updated_at = excluded.updated_at`,
    );
    const origin = this.db.prepare('INSERT OR IGNORE INTO origins VALUES (?, ?)');
    let added = 0;
    this.db.transaction(() => {
      for (const incident of incidents) {
        if (!exists.get(incident.id)) added += 1;
        upsert.run({
          id: incident.id,
          first_seen: incident.firstSeen,
          host: incident.host,
          file_path: incident.file.path,
          sha256: incident.file.sha256 ?? null,
          verdict: incident.verdict,
          severity: incident.severity,
          json: JSON.stringify(incident),
          now,
        });
        for (const key of origins.get(incident.id) ?? []) origin.run(incident.id, key);
      }
    })();
    return added;
  }

  /** How many stored incidents, other than `except`, share an origin key (sender, hash...). */
  countWithOrigin(key: string, except: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM origins WHERE key = ? AND incident_id <> ?')
      .get(key, except) as { n: number };
    return row.n;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
  }

  list(): Incident[] {
    const rows = this.db.prepare('SELECT json FROM incidents ORDER BY first_seen').all() as Array<{
      json: string;
    }>;
    return rows.map((r) => JSON.parse(r.json) as Incident);
  }

  close(): void {
    this.db.close();
  }
}
