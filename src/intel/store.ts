/**
 * The intel store: indicators kept in `intel.db` under LUREWATCH_HOME, beside the case store.
 * An indicator is keyed by (type, value, source), so importing a feed again refreshes its rows:
 * dates widen, tags and attribution are merged, nothing is duplicated. Sightings record which
 * incidents saw which indicator.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribution, Indicator, IndicatorType, IntelMatch } from './model.js';
import type { Observation } from './observe.js';
import { compileObservationPattern, type Compiled } from './stix-pattern/evaluate.js';
import { parsePattern } from './stix-pattern/parser.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS indicators (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,
  ref TEXT, first_seen TEXT, last_seen TEXT, confidence INTEGER, description TEXT,
  tags TEXT NOT NULL, attribution TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (value, type, source)
);
CREATE TABLE IF NOT EXISTS sightings (
  type TEXT NOT NULL, value TEXT NOT NULL, incident_id TEXT NOT NULL, seen_at TEXT NOT NULL,
  observed TEXT NOT NULL, PRIMARY KEY (type, value, incident_id)
);
CREATE INDEX IF NOT EXISTS sightings_incident ON sightings (incident_id);
`;

/** Patterns evaluated per event; more than this would make every event slow to check. */
export const MAX_PATTERNS = 20_000;
/** Cached look-up answers; past this the cache starts again rather than grow. */
const MAX_ANSWERS = 100_000;
/** Tags and attribution entries kept per indicator; feeds rarely carry more than a dozen. */
const MAX_LABELS = 200;

interface Row {
  id: number;
  type: IndicatorType;
  value: string;
  source: string;
  ref: string | null;
  first_seen: string | null;
  last_seen: string | null;
  confidence: number | null;
  description: string | null;
  tags: string;
  attribution: string;
}

export interface Sighting {
  type: IndicatorType;
  value: string;
  incidentId: string;
  at: string;
  observed: string;
}

export interface StoredIndicator extends Indicator {
  id: number;
}

export interface IntelStats {
  indicators: number;
  byType: Partial<Record<IndicatorType, number>>;
  bySource: Record<string, number>;
  attributed: number;
  patterns: { usable: number; unusable: Array<{ id: number; reason: string }> };
  sightings: number;
}

function toIndicator(row: Row): StoredIndicator {
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    source: row.source,
    ...(row.ref ? { ref: row.ref } : {}),
    ...(row.first_seen ? { firstSeen: row.first_seen } : {}),
    ...(row.last_seen ? { lastSeen: row.last_seen } : {}),
    ...(row.confidence !== null ? { confidence: row.confidence } : {}),
    ...(row.description ? { description: row.description } : {}),
    tags: JSON.parse(row.tags) as string[],
    attribution: JSON.parse(row.attribution) as Attribution[],
  };
}

function earlier(a: string | null, b: string | undefined): string | null {
  if (!b) return a;
  return a && a < b ? a : b;
}

function later(a: string | null, b: string | undefined): string | null {
  if (!b) return a;
  return a && a > b ? a : b;
}

function mergeLabels<T>(old: T[], add: readonly T[], key: (t: T) => string): T[] {
  const out = new Map(old.map((t) => [key(t), t]));
  for (const t of add) if (out.size < MAX_LABELS) out.set(key(t), t);
  return [...out.values()];
}

const attributionKey = (a: Attribution): string => `${a.kind}\u0000${a.name.toLowerCase()}`;

interface CompiledPattern {
  indicator: StoredIndicator;
  compiled: Compiled;
}

export class IntelStore {
  private readonly db: Database.Database;
  private patterns: CompiledPattern[] | undefined;
  private byValue: Database.Statement | undefined;
  /** Look-up answers by `type value`: logs repeat the same hashes and addresses endlessly. */
  private readonly answers = new Map<string, StoredIndicator[]>();

  /** Opens `intel.db` in `home`, or an in-memory store when `home` is undefined. */
  constructor(home?: string) {
    if (home) mkdirSync(home, { recursive: true });
    this.db = new Database(home ? join(home, 'intel.db') : ':memory:');
    if (home) this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  /** Adds or refreshes indicators in one transaction; returns how many were new. */
  upsert(indicators: Iterable<Indicator>): { added: number; updated: number } {
    const find = this.db.prepare(
      'SELECT * FROM indicators WHERE value = ? AND type = ? AND source = ?',
    );
    // New rows go in with one statement; only a row already there is read and merged.
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO indicators (type, value, source, ref, first_seen, last_seen,
         confidence, description, tags, attribution, updated_at)
       VALUES (@type, @value, @source, @ref, @first_seen, @last_seen, @confidence,
         @description, @tags, @attribution, @now)`,
    );
    const update = this.db.prepare(
      `UPDATE indicators SET ref = @ref, first_seen = @first_seen, last_seen = @last_seen,
         confidence = @confidence, description = @description, tags = @tags,
         attribution = @attribution, updated_at = @now WHERE id = @id`,
    );
    const now = new Date().toISOString();
    let added = 0;
    let updated = 0;
    this.db.transaction(() => {
      for (const i of indicators) {
        const fresh = {
          type: i.type,
          value: i.value,
          source: i.source,
          ref: i.ref ?? null,
          first_seen: i.firstSeen ?? null,
          last_seen: i.lastSeen ?? null,
          confidence: i.confidence ?? null,
          description: i.description?.slice(0, 2000) ?? null,
          tags: JSON.stringify(mergeLabels([], i.tags, (t) => t)),
          attribution: JSON.stringify(mergeLabels([], i.attribution, attributionKey)),
          now,
        };
        if (insert.run(fresh).changes > 0) {
          added += 1;
          continue;
        }
        const old = find.get(i.value, i.type, i.source) as Row;
        update.run({
          ...fresh,
          id: old.id,
          ref: i.ref ?? old.ref,
          first_seen: earlier(old.first_seen, i.firstSeen),
          last_seen: later(old.last_seen, i.lastSeen),
          confidence: i.confidence ?? old.confidence,
          description: fresh.description ?? old.description,
          tags: JSON.stringify(mergeLabels(JSON.parse(old.tags) as string[], i.tags, (t) => t)),
          attribution: JSON.stringify(
            mergeLabels(
              JSON.parse(old.attribution) as Attribution[],
              i.attribution,
              attributionKey,
            ),
          ),
        });
        updated += 1;
      }
    })();
    this.patterns = undefined;
    this.answers.clear();
    return { added, updated };
  }

  /** Indicators whose value equals `value` in any type, or contains it when `partial`. */
  search(value: string, options: { partial?: boolean; limit?: number } = {}): StoredIndicator[] {
    const limit = Math.min(options.limit ?? 100, 10_000);
    const needle = value.trim();
    const rows = options.partial
      ? this.db
          .prepare(`SELECT * FROM indicators WHERE instr(lower(value), lower(?)) > 0 LIMIT ?`)
          .all(needle, limit)
      : this.db
          .prepare('SELECT * FROM indicators WHERE value = ? OR value = lower(?) LIMIT ?')
          .all(needle, needle, limit);
    return (rows as Row[]).map(toIndicator);
  }

  /** Everything an event offers that the store knows: exact values, then patterns. */
  match(observation: Observation): IntelMatch[] {
    const matches: IntelMatch[] = [];
    for (const o of observation.observables) {
      for (const indicator of this.exact(o.type, o.value)) {
        matches.push(matchOf(indicator, `${o.type} ${o.value}`));
      }
    }
    if (observation.objects.length === 0) return matches;
    for (const { indicator, compiled } of this.compiledPatterns()) {
      if (!compiled.ok) continue;
      const observed = compiled.matches(observation.objects);
      if (observed !== undefined) matches.push(matchOf(indicator, observed));
    }
    return matches;
  }

  private exact(type: IndicatorType, value: string): StoredIndicator[] {
    const key = `${type} ${value}`;
    const cached = this.answers.get(key);
    if (cached) return cached;
    this.byValue ??= this.db.prepare('SELECT * FROM indicators WHERE value = ? AND type = ?');
    const found = (this.byValue.all(value, type) as Row[]).map(toIndicator);
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, found);
    return found;
  }

  private compiledPatterns(): CompiledPattern[] {
    if (this.patterns) return this.patterns;
    const rows = this.db
      .prepare(`SELECT * FROM indicators WHERE type = 'stix-pattern' ORDER BY id LIMIT ?`)
      .all(MAX_PATTERNS) as Row[];
    this.patterns = rows.map((row) => {
      const indicator = toIndicator(row);
      try {
        return { indicator, compiled: compileObservationPattern(parsePattern(row.value)) };
      } catch (error) {
        return { indicator, compiled: { ok: false, reason: (error as Error).message } };
      }
    });
    return this.patterns;
  }

  counts(): Partial<Record<IndicatorType, number>> {
    const rows = this.db
      .prepare('SELECT type, count(*) AS n FROM indicators GROUP BY type')
      .all() as Array<{ type: IndicatorType; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  get size(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM indicators').get() as { n: number }).n;
  }

  stats(): IntelStats {
    const bySource = this.db
      .prepare('SELECT source, count(*) AS n FROM indicators GROUP BY source ORDER BY source')
      .all() as Array<{ source: string; n: number }>;
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    const patterns = this.compiledPatterns();
    return {
      indicators: this.size,
      byType: this.counts(),
      bySource: Object.fromEntries(bySource.map((r) => [r.source, r.n])),
      attributed: one(`SELECT count(*) AS n FROM indicators WHERE attribution != '[]'`),
      patterns: {
        usable: patterns.filter((p) => p.compiled.ok).length,
        unusable: patterns.flatMap((p) =>
          p.compiled.ok ? [] : [{ id: p.indicator.id, reason: p.compiled.reason }],
        ),
      },
      sightings: one('SELECT count(*) AS n FROM (SELECT DISTINCT type, value FROM sightings)'),
    };
  }

  /**
   * Records that an incident saw an indicator value; seeing it again changes nothing. Keyed by
   * value rather than row so that sightings of `--ioc` lists and of any source add up.
   */
  recordSightings(sightings: readonly Sighting[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO sightings VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const s of sightings) insert.run(s.type, s.value, s.incidentId, s.at, s.observed);
    })();
  }

  /** Incidents that saw the value, oldest sighting first. */
  sightingsOf(type: IndicatorType, value: string): Sighting[] {
    const rows = this.db
      .prepare(
        `SELECT incident_id, seen_at, observed FROM sightings WHERE type = ? AND value = ?
         ORDER BY seen_at, incident_id`,
      )
      .all(type, value) as Array<{ incident_id: string; seen_at: string; observed: string }>;
    return rows.map((r) => ({
      type,
      value,
      incidentId: r.incident_id,
      at: r.seen_at,
      observed: r.observed,
    }));
  }

  close(): void {
    this.db.close();
  }
}

function matchOf(indicator: StoredIndicator, observed: string): IntelMatch {
  return {
    type: indicator.type,
    value: indicator.value,
    source: indicator.source,
    ...(indicator.ref ? { ref: indicator.ref } : {}),
    attribution: indicator.attribution,
    observed,
  };
}
