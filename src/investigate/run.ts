/**
 * `investigate` from inputs to incidents: read and normalise every input, run the analytics
 * over each event as it streams past, keep what correlation needs in the working store, then
 * draft, triage and store one incident per user-opened file.
 */
import type { Logger } from '../core/logger.js';
import { LurewatchError, formatProblem, type Problem } from '../core/problems.js';
import type { Settings } from '../core/settings.js';
import { alignClocks } from '../correlate/clock/index.js';
import { draftIncident, groupSeeds, type Seed } from '../correlate/incidents.js';
import { runAnalytics } from '../detect/analytics/index.js';
import { IocSet } from '../detect/ioc.js';
import type { LwEvent } from '../model/event.js';
import type { Incident, IncidentReport } from '../model/incident.js';
import { readAll } from '../read/read-all.js';
import type { ReaderRegistry } from '../read/registry.js';
import { DEFAULT_READ_LIMITS } from '../read/types.js';
import { CaseStore } from '../store/case-store.js';
import { hostKey } from '../store/host-key.js';
import { WorkingStore } from '../store/working-store.js';
import { incidentId, triage } from '../triage/index.js';
import { originKeys, recurrenceOf } from './recurrence.js';

export interface InvestigateOptions {
  inputs: readonly string[];
  registry: ReaderRegistry;
  settings: Settings;
  logger: Logger;
  format?: string;
  iocFiles?: readonly string[];
  /** Stop at the first problem. */
  strict?: boolean;
  /** Case store folder; undefined keeps nothing between runs. */
  home?: string;
  onProgress?: (progress: { inputs: number; events: number }) => void;
}

export interface InvestigateResult {
  report: IncidentReport;
  /** Incidents the case store had not seen before. */
  added: number;
}

export async function investigate(options: InvestigateOptions): Promise<InvestigateResult> {
  const { logger, settings } = options;
  const problems: Problem[] = [];
  const noteProblem = (p: Problem): void => {
    if (options.strict) throw new LurewatchError(p);
    problems.push(p);
    logger.warn(formatProblem(p));
  };

  const loaded = await IocSet.load(options.iocFiles ?? []);
  loaded.problems.forEach(noteProblem);
  const iocs = loaded.set;

  const store = new WorkingStore();
  try {
    const stats = await ingest(options, store, iocs, noteProblem);
    store.seal();
    logger.info('read inputs', { inputs: stats.inputs, events: stats.events, kept: store.stored });
    // Correlation joins by time, so every clock must be lined up before the first join.
    const clocks = settings.estimateClocks ? alignClocks(store, settings, logger) : [];

    const groups = groupSeeds(stats.seeds);
    const drafts = groups.map((group) => draftIncident(store, group, settings));
    const keys = drafts.map(originKeys);
    const inRun = new Map<string, number>();
    for (const key of keys.flat()) inRun.set(key, (inRun.get(key) ?? 0) + 1);

    const cases = options.home ? new CaseStore(options.home) : undefined;
    try {
      const originsById = new Map<string, readonly string[]>();
      const incidents: Incident[] = drafts.map((draft, i) => {
        const own = keys[i] ?? [];
        const id = incidentId(
          draft.host,
          draft.file.path,
          draft.executions[0]?.event['@timestamp'] ?? '',
        );
        originsById.set(id, own);
        // Earlier runs count, except the run that already stored this very incident.
        const before = (key: string): number =>
          cases?.incidentsWithOrigin(key).filter((other) => other !== id).length ?? 0;
        return triage(draft, store, iocs, recurrenceOf(own, inRun, before), settings);
      });
      incidents.sort((a, b) =>
        a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0,
      );
      const added = cases ? cases.save(incidents, originsById) : incidents.length;
      logger.info('triaged incidents', {
        incidents: incidents.length,
        escalated: incidents.filter((i) => i.verdict === 'escalate').length,
        new: added,
      });
      return {
        added,
        report: {
          schemaVersion: 1,
          generatedAt: new Date().toISOString(),
          incidents,
          stats: {
            inputs: stats.inputs,
            events: stats.events,
            skipped: problems.length,
            problems,
            ...(settings.estimateClocks ? { clocks } : {}),
          },
        },
      };
    } finally {
      cases?.close();
    }
  } finally {
    store.close();
  }
}

interface IngestStats {
  inputs: number;
  events: number;
  seeds: Seed[];
}

function offsetFor(event: LwEvent, settings: Settings): number {
  const offsets = settings.clockOffsets;
  return offsets[event.lurewatch.format] ?? offsets[event.lurewatch.source] ?? 0;
}

async function ingest(
  options: InvestigateOptions,
  store: WorkingStore,
  iocs: IocSet,
  noteProblem: (p: Problem) => void,
): Promise<IngestStats> {
  const stats: IngestStats = { inputs: 0, events: 0, seeds: [] };
  const context = { logger: options.logger, limits: DEFAULT_READ_LIMITS };
  const items = readAll(options.inputs, {
    registry: options.registry,
    context,
    ...(options.format ? { format: options.format } : {}),
    onInput: (name, reader) => {
      stats.inputs += 1;
      options.logger.debug('input', { input: name, format: reader?.id ?? 'unknown' });
    },
  });
  for await (const item of items) {
    if (item.kind === 'problem') {
      noteProblem(item.problem);
      continue;
    }
    const event = item.event;
    stats.events += 1;
    const offset = offsetFor(event, options.settings);
    if (offset) {
      event.lurewatch.clock_offset_ms = offset;
      event.lurewatch.clock_offset_source = 'configured';
    }
    const t = Date.parse(event['@timestamp']) + offset;
    const signals = runAnalytics(event, { iocs });
    store.add(event, t, signals);
    for (const signal of signals) {
      if (signal.analytic === 'unusual-file-executed' && signal.subject) {
        const path = launchPath(event, signal.subject);
        stats.seeds.push({ eventId: event.lurewatch.id, host: hostKey(event.host?.name), path });
      }
    }
    if (stats.events % 10_000 === 0)
      options.onProgress?.({ inputs: stats.inputs, events: stats.events });
  }
  options.onProgress?.({ inputs: stats.inputs, events: stats.events });
  return stats;
}

/** The opened file's path with its logged case, for display. */
function launchPath(event: LwEvent, subject: string): string {
  const exe = event.process?.executable;
  if (exe && exe.toLowerCase() === subject) return exe;
  const line = event.process?.command_line ?? '';
  const at = line.toLowerCase().indexOf(subject);
  return at === -1 ? subject : line.slice(at, at + subject.length);
}
