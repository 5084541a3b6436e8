/**
 * `investigate` from inputs to incidents: read and normalise every input, run the analytics
 * over each event as it streams past, keep what correlation needs in the working store, then
 * draft, triage and store one incident per user-opened file.
 */
import type { Logger } from '../core/logger.js';
import { LurewatchError, formatProblem, problem, type Problem } from '../core/problems.js';
import type { Settings } from '../core/settings.js';
import { alignClocks } from '../correlate/clock/index.js';
import { draftIncident, groupSeeds, type Draft, type Seed } from '../correlate/incidents.js';
import { runAnalytics } from '../detect/analytics/index.js';
import { DEFAULT_RULES, SigmaSignals } from '../detect/sigma-signals.js';
import type { LookupQueue } from '../intel/connectors/queue.js';
import type { LookupRecord } from '../intel/connectors/types.js';
import { liveLookups } from '../intel/live.js';
import type { IntelLookup } from '../intel/lookup.js';
import { openIntel } from '../intel/open.js';
import type { LwEvent } from '../model/event.js';
import type { Incident, IncidentReport } from '../model/incident.js';
import { readAll } from '../read/read-all.js';
import type { ReaderRegistry } from '../read/registry.js';
import { DEFAULT_READ_LIMITS, type ReadContext } from '../read/types.js';
import { CaseStore } from '../store/case-store.js';
import { hostKey } from '../store/host-key.js';
import { WorkingStore } from '../store/working-store.js';
import { incidentId, intelMatchesOf, triage } from '../triage/index.js';
import { attachAnalysis, indexSamples, mailInspector } from './analysis.js';
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
  /** Folder of the intel store `intel.db`; defaults to `home`. */
  intelHome?: string;
  /** Live intel look-ups (MISP, VirusTotal), when configured. */
  live?: LookupQueue;
  onProgress?: (progress: { inputs: number; events: number }) => void;
  /** Sigma rule files or folders, added to Lurewatch's own rules. */
  rules?: readonly string[];
  /** Load Lurewatch's own rules (`rules/lurewatch`, default true). */
  defaultRules?: boolean;
  /** Take every message's attachments apart (default true). */
  analyzeMail?: boolean;
  /** A folder of delivered files, named by hash or original name, to analyse. */
  samplesDir?: string;
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

  const intelHome = options.intelHome ?? options.home;
  const intel = await openIntel({
    ...(intelHome ? { home: intelHome } : {}),
    iocFiles: options.iocFiles ?? [],
    keep: options.home !== undefined,
  });
  const iocs = intel.lookup;
  const store = new WorkingStore();
  try {
    intel.problems.forEach(noteProblem);
    logger.info('intel', { indicators: iocs.size });
    const rulePaths = [
      ...(options.defaultRules === false ? [] : [DEFAULT_RULES]),
      ...(options.rules ?? []),
    ];
    const sigma = rulePaths.length > 0 ? await SigmaSignals.load(rulePaths, logger) : undefined;
    for (const r of sigma?.rejected ?? []) {
      noteProblem(
        problem(r.file, `line ${r.line}`, 'bad-record', `Sigma rule not loaded: ${r.reason}`),
      );
    }
    const stats = await ingest(options, store, iocs, sigma?.sigma, noteProblem);
    store.seal();
    logger.info('read inputs', { inputs: stats.inputs, events: stats.events, kept: store.stored });
    // Correlation joins by time, so every clock must be lined up before the first join.
    const clocks = settings.estimateClocks ? alignClocks(store, settings, logger) : [];

    const groups = groupSeeds(stats.seeds);
    const drafts = withoutNested(groups.map((group) => draftIncident(store, group, settings)));
    const lookups = await lookUpLive(drafts, store, options);
    // An intel indicator seen in several incidents is a repeated source like a shared sender.
    const keys = drafts.map((draft) => [
      ...originKeys(draft),
      ...intelMatchesOf(draft, store).map((m) => `known indicator ${m.type} ${m.value}`),
    ]);
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
        const recurrence = recurrenceOf(own, inRun, before);
        return triage(draft, store, iocs, recurrence, settings, lookups[i] ?? []);
      });
      const samples = options.samplesDir
        ? await indexSamples(options.samplesDir, logger)
        : undefined;
      for (const [i, incident] of incidents.entries()) {
        await attachAnalysis(incident, drafts[i]!, samples, logger);
      }
      incidents.sort((a, b) =>
        a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0,
      );
      const added = cases ? cases.save(incidents, originsById) : incidents.length;
      intel.recordSightings(incidents);
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
    intel.close();
  }
}

/** Asks the live services about each draft; their matches join the working store's signals. */
async function lookUpLive(
  drafts: readonly Draft[],
  store: WorkingStore,
  options: InvestigateOptions,
): Promise<LookupRecord[][]> {
  const queue = options.live;
  if (!queue || queue.size === 0) return [];
  const out: LookupRecord[][] = [];
  for (const draft of drafts) {
    const { signals, records } = await liveLookups(draft, queue);
    store.addSignals(signals);
    out.push(records);
  }
  options.logger.info('live look-ups', {
    sent: queue.sent,
    failed: out.flat().filter((r) => r.status === 'failed').length,
  });
  return out;
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
  intel: IntelLookup,
  sigma: SigmaSignals | undefined,
  noteProblem: (p: Problem) => void,
): Promise<IngestStats> {
  const stats: IngestStats = { inputs: 0, events: 0, seeds: [] };
  const context: ReadContext = {
    logger: options.logger,
    limits: DEFAULT_READ_LIMITS,
    ...(options.analyzeMail === false ? {} : { inspectMessage: mailInspector(options.logger) }),
  };
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
    const signals = runAnalytics(event, { intel });
    if (sigma) signals.push(...sigma.evaluate(event));
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

/**
 * A file that runs inside another incident's process tree (the payload a self-extracting
 * archive unpacks and starts) is part of that story, not a second one: drop its own draft.
 */
function withoutNested(drafts: Draft[]): Draft[] {
  const inTrees = new Set(drafts.flatMap((d) => d.tree.children.map((c) => c.event.lurewatch.id)));
  return drafts.filter((d) => !d.executions.every((e) => inTrees.has(e.event.lurewatch.id)));
}
