/**
 * The format readers Lurewatch ships. Each module owns one on-disk format: it sniffs it,
 * streams it and hands each record to its normaliser in `src/normalise/`.
 */
import type { FormatReader } from '../types.js';
import { emlReader } from './eml.js';
import { mboxReader } from './mbox.js';
import { squidReader } from './squid.js';
import { wazuhSyscheckReader } from './wazuh-syscheck.js';
import { zeekJsonReader } from './zeek-json.js';
import { zeekTsvReader } from './zeek-tsv.js';

export function defaultReaders(): FormatReader[] {
  return [emlReader, mboxReader, zeekTsvReader, zeekJsonReader, squidReader, wazuhSyscheckReader];
}
