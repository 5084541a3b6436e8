/**
 * The format readers Lurewatch ships, in one list for the registry. Each module owns one
 * on-disk format: it sniffs it, streams it and hands each record to its normaliser in
 * `src/normalise/`.
 */
import { ReaderRegistry } from '../registry.js';
import type { FormatReader } from '../types.js';
import { emlReader } from './eml.js';
import { evtxReader } from './windows/evtx.js';
import { mboxReader } from './mbox.js';
import { squidReader } from './squid.js';
import { wazuhSyscheckReader } from './wazuh-syscheck.js';
import { windowsReaders } from './windows/readers.js';
import { zeekJsonReader } from './zeek-json.js';
import { zeekTsvReader } from './zeek-tsv.js';

export function defaultReaders(): FormatReader[] {
  return [
    ...windowsReaders,
    evtxReader,
    emlReader,
    mboxReader,
    zeekTsvReader,
    zeekJsonReader,
    squidReader,
    wazuhSyscheckReader,
  ];
}

export function defaultRegistry(): ReaderRegistry {
  return new ReaderRegistry(defaultReaders());
}
