/**
 * An intel feed format turns one file's text into indicators. Formats register by id; the
 * importer sniffs each file and hands it to the first format that claims it.
 */
import type { Problem } from '../../core/problems.js';
import type { Indicator } from '../model.js';

/** One event, bundle or feed file as the analyst would name it, with what it held. */
export interface FeedCollection {
  source: string;
  title: string;
  format: string;
  /** Records the file held (MISP attributes, STIX objects, CSV rows, lines). */
  records: number;
  indicators: number;
  /** Records that are not indicators Lurewatch matches, by their type in the feed. */
  skipped: Record<string, number>;
  tags: string[];
  /** Actors, intrusion sets, campaigns and malware the collection names, `kind name`. */
  attribution: string[];
  /** ATT&CK techniques the collection names, `T1204.002 User Execution: Malicious File`. */
  techniques: string[];
}

export interface FeedResult {
  indicators: Indicator[];
  collections: FeedCollection[];
  problems: Problem[];
}

export interface FeedInput {
  /** The path as given, for problems and for sources named after the file. */
  name: string;
  text: string;
}

export interface IntelFormat {
  id: string;
  title: string;
  /** Whether the start of the text looks like this format. */
  sniff(head: string, name: string): boolean;
  parse(input: FeedInput): FeedResult;
}

export function emptyCollection(source: string, title: string, format: string): FeedCollection {
  return {
    source,
    title,
    format,
    records: 0,
    indicators: 0,
    skipped: {},
    tags: [],
    attribution: [],
    techniques: [],
  };
}

export function countSkip(collection: FeedCollection, type: string): void {
  collection.skipped[type] = (collection.skipped[type] ?? 0) + 1;
}
