/**
 * Threat intelligence for Lurewatch, local first. The data flows through these parts:
 *
 * - `formats/`: one module per feed format (MISP JSON and feed folders, STIX 2.1 bundles,
 *   MalwareBazaar, URLhaus and ThreatFox exports, plain lists) behind a sniffing registry;
 *   `import.ts` expands sources and hands each file to its format.
 * - `stix-pattern/`: the STIX patterning grammar parsed into a tree and compiled into a test
 *   over one event's cyber observables (MATCHES and LIKE run on RE2, in linear time).
 * - `store.ts`: `intel.db` in LUREWATCH_HOME, indicators with source, dates, confidence, tags
 *   and attribution, and the sightings of indicators in incidents.
 * - `observe.ts`, `lookup.ts`, `open.ts`: what an event offers to intel, and the look-up
 *   investigate runs for every event over the home store and the `--ioc` lists.
 * - `connectors/`, `live.ts`: optional live look-ups (MISP, VirusTotal) through a queue that
 *   keeps rate limits, caches answers and records failures as failures.
 * - `export/`: incidents out as a STIX 2.1 bundle or a MISP event.
 *
 * It hands on `IntelMatch`es: which indicator matched, from which source, tied to whom.
 */
export { importIntel, type ImportSummary } from './import.js';
export { IntelSources, NO_INTEL, type IntelLookup } from './lookup.js';
export type { Attribution, Indicator, IndicatorType, IntelMatch } from './model.js';
export { openIntel } from './open.js';
export { IntelStore, type IntelStats, type Sighting } from './store.js';
