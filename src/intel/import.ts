/**
 * `intel import`: expands the sources (files, folders, MISP feed folders with their
 * manifest.json), parses each with the format that claims it, and upserts the indicators.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { problem, type Problem } from '../core/problems.js';
import { intelFormat, sniffIntelFormat, type FeedCollection } from './formats/index.js';
import type { IntelStore } from './store.js';

/** Feeds are read whole; the full MalwareBazaar CSV export is the largest at a few hundred MB. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** Files taken from one folder; a feed folder with more is not one an analyst keeps locally. */
const MAX_FILES = 100_000;

export interface ImportSummary {
  files: number;
  added: number;
  updated: number;
  collections: FeedCollection[];
  problems: Problem[];
}

/** The event files a MISP feed folder lists in manifest.json (keys are event uuids). */
async function mispFeedFiles(dir: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(text) as Record<string, unknown>;
  return Object.keys(manifest)
    .filter((uuid) => /^[0-9a-f-]{36}$/i.test(uuid))
    .slice(0, MAX_FILES)
    .map((uuid) => join(dir, `${uuid}.json`));
}

async function expand(source: string, problems: Problem[]): Promise<string[]> {
  let info;
  try {
    info = await stat(source);
  } catch (error) {
    problems.push(problem(source, '', 'unreadable-input', (error as Error).message));
    return [];
  }
  if (!info.isDirectory()) return [source];
  try {
    const feed = await mispFeedFiles(source);
    if (feed) return feed;
  } catch (error) {
    problems.push(problem(join(source, 'manifest.json'), '', 'bad-json', (error as Error).message));
    return [];
  }
  const entries = await readdir(source, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(json|csv|txt|ioc|list)$/i.test(e.name))
    .slice(0, MAX_FILES)
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function importIntel(
  sources: readonly string[],
  store: IntelStore,
  logger: Logger,
  options: { format?: string } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { files: 0, added: 0, updated: 0, collections: [], problems: [] };
  const forced = options.format ? intelFormat(options.format) : undefined;
  for (const source of sources) {
    for (const file of await expand(source, summary.problems)) {
      let text: string;
      try {
        if ((await stat(file)).size > MAX_FILE_BYTES) {
          summary.problems.push(problem(file, '', 'archive-limit', 'larger than 1 GiB'));
          continue;
        }
        text = await readFile(file, 'utf8');
      } catch (error) {
        summary.problems.push(problem(file, '', 'unreadable-input', (error as Error).message));
        continue;
      }
      const format = forced ?? sniffIntelFormat(text.slice(0, 64 * 1024), file);
      if (!format) {
        summary.problems.push(problem(file, '', 'unknown-format', 'no intel format recognised it'));
        continue;
      }
      const result = format.parse({ name: file, text });
      const counts = store.upsert(result.indicators);
      summary.files += 1;
      summary.added += counts.added;
      summary.updated += counts.updated;
      summary.collections.push(...result.collections);
      summary.problems.push(...result.problems);
      logger.info('imported intel', {
        file,
        format: format.id,
        indicators: result.indicators.length,
        added: counts.added,
      });
    }
  }
  return summary;
}
