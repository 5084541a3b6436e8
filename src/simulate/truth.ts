/**
 * The ground truth a simulation writes beside its logs (`truth.json`): every planted chain,
 * malicious or a benign look-alike, with the records that belong to it.
 */
import type { EventRef } from './output.js';

/** What a correct investigation does with the chain. */
export type Expected = 'escalate' | 'review' | 'no-escalation';

export interface TruthEntry {
  id: string;
  variant: string;
  malicious: boolean;
  host: string;
  user: string;
  /** The file the user opened. */
  file: string;
  /** Every path that is this chain's file under another name (archive, image, script). */
  paths: string[];
  /** `local`: the file was already on the machine (a look-alike that was never delivered). */
  delivery: 'email' | 'web' | 'local';
  sender?: string;
  campaign?: string;
  executed: boolean;
  beaconed: boolean;
  expected: Expected;
  /** First record of the chain, on the true clock. */
  time: string;
  events: EventRef[];
}

export interface Truth {
  schemaVersion: 1;
  seed: string;
  users: number;
  days: number;
  start: string;
  /** Milliseconds each source's clock runs ahead of the true clock. */
  clockSkewMs: Record<string, number>;
  dropRate: number;
  /** Records written per source, and messages. */
  counts: Record<string, number>;
  events: number;
  entries: TruthEntry[];
}
