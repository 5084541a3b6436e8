/**
 * A run's scratch database: a SQLite file in a fresh temporary folder, rebuilt on every run,
 * so durability buys nothing and speed does. The caller removes the folder when done.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function openScratch(
  prefix: string,
  schema: string,
): { db: Database.Database; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = new Database(join(dir, 'scratch.db'));
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(schema);
  return { db, dir };
}
