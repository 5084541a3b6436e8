/**
 * The intel an investigation runs with: the home store (`intel.db` under LUREWATCH_HOME, when
 * one has been imported) and the `--ioc` lists, read into a store of their own for the run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, type Problem } from '../core/problems.js';
import type { Incident } from '../model/incident.js';
import { parsePlainList } from './formats/plain.js';
import { IntelSources, type IntelLookup } from './lookup.js';
import type { IndicatorType } from './model.js';
import { IntelStore } from './store.js';

export interface OpenIntel {
  lookup: IntelLookup;
  problems: Problem[];
  /** Notes in the home store which incidents saw which indicators. */
  recordSightings(incidents: readonly Incident[]): void;
  close(): void;
}

export async function openIntel(options: {
  home?: string;
  iocFiles?: readonly string[];
  /** Whether sightings may be written to the home store. */
  keep?: boolean;
}): Promise<OpenIntel> {
  const problems: Problem[] = [];
  const stores: IntelStore[] = [];
  const home =
    options.home && existsSync(join(options.home, 'intel.db'))
      ? new IntelStore(options.home)
      : undefined;
  if (home) stores.push(home);

  if ((options.iocFiles ?? []).length > 0) {
    const lists = new IntelStore();
    for (const path of options.iocFiles ?? []) {
      try {
        const parsed = parsePlainList(await readFile(path, 'utf8'), path);
        lists.upsert(parsed.indicators);
        problems.push(...parsed.problems);
      } catch (error) {
        problems.push(problem(path, '', 'unreadable-input', (error as Error).message));
      }
    }
    stores.push(lists);
  }

  return {
    lookup: new IntelSources(stores),
    problems,
    recordSightings(incidents) {
      if (!home || !options.keep) return;
      home.recordSightings(
        incidents.flatMap((incident) =>
          incident.indicators.flatMap((hit) =>
            (hit.intel ?? []).map((m) => ({
              type: m.type as IndicatorType,
              value: m.value,
              incidentId: incident.id,
              at: incident.firstSeen,
              observed: m.observed,
            })),
          ),
        ),
      );
    },
    close() {
      for (const store of stores) store.close();
    },
  };
}
