/**
 * The format readers Lurewatch ships, in one list for the registry. Each module owns one
 * on-disk format: it sniffs it, streams it and hands each record to its normaliser in
 * `src/normalise/`.
 */
import { ReaderRegistry } from '../registry.js';
import type { FormatReader } from '../types.js';
import { auditdReader, auomsJsonReader } from './auditd.js';
import { ecsReader } from './ecs.js';
import { emlReader } from './eml.js';
import { mboxReader } from './mbox.js';
import { wazuhSyscheckReader } from './wazuh-syscheck.js';
import { evtxReader } from './windows/evtx.js';
import { m365DefenderCsvReader, m365DefenderJsonReader } from './m365-defender.js';
import { exchangeTrackingReader, messageTraceReader } from './message-trace.js';
import { osqueryReader } from './osquery.js';
import { squidReaders } from './squid.js';
import { windowsReaders } from './windows/readers.js';
import { zeekJsonReader } from './zeek-json.js';
import { zeekTsvReader } from './zeek-tsv.js';
import { zscalerCsvReader, zscalerJsonReader } from './zscaler.js';

export function defaultReaders(): FormatReader[] {
  return [
    ...windowsReaders,
    evtxReader,
    emlReader,
    mboxReader,
    wazuhSyscheckReader,
    zeekTsvReader,
    zeekJsonReader,
    ...squidReaders,
    m365DefenderJsonReader,
    m365DefenderCsvReader,
    zscalerJsonReader,
    zscalerCsvReader,
    auditdReader,
    auomsJsonReader,
    osqueryReader,
    ecsReader,
    messageTraceReader,
    exchangeTrackingReader,
  ];
}

export function defaultRegistry(): ReaderRegistry {
  return new ReaderRegistry(defaultReaders());
}
