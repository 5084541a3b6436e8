/**
 * `investigate` from inputs to incidents: read and normalise every input, run the analytics
 * over each event as it streams past, keep what correlation needs in the working store, then
 * draft, triage and store one incident per user-opened file.
 */
import type { Logger } from '../core/logger.js';
import { LurewatchError, formatProblem, problem, type Problem } from '../core/problems.js';
import type { Settings } from '../core/settings.js';
import { alignClocks } from '../correlate/clock/index.js';
import { draftIncident } from '../correlate/incidents.js';
import { runAnalytics } from '../detect/analytics/index.js';
import { DEFAULT_RULES, SigmaSignals } from '../detect/sigma-signals.js';
import type { LookupQueue } from '../intel/connectors/queue.js';
import { liveLookups } from '../intel/live.js';
import type { IntelLookup } from '../intel/lookup.js';
import { openIntel } from '../intel/open.js';
import type { LwEvent } from '../model/event.js';
import type { Incident, IncidentReport, ReportSource } from '../model/incident.js';
import { readAll } from '../read/read-all.js';
import type { ReaderRegistry } from '../read/registry.js';
import { DEFAULT_READ_LIMITS, type ReadContext } from '../read/types.js';
import { CaseStore } from '../store/case-store.js';
import { hostKey } from '../store/host-key.js';
import { RunSpool } from '../store/run-spool.js';
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

/** A finished run whose incidents wait on disk until `close` removes them. */
export interface InvestigateRun {
  report: ReportSource;
  added: number;
  escalated: number;
  close(): void;
}

/** Problems kept for the report; every one is still counted and logged. */
const PROBLEMS_KEPT = 1000;

/** `investigate` with the incidents in memory: for small inputs and tests. */
export async function investigate(options: InvestigateOptions): Promise<InvestigateResult> {
  const run = await investigateToDisk(options);
  try {
    return { added: run.added, report: { ...run.report, incidents: [...run.report.incidents] } };
  } finally {
    run.close();
  }
}

/**
 * `investigate` in memory bounded whatever the input size: events, drafts and incidents all
 * wait on disk, and the report's incidents are read back a page at a time.
 */
export async function investigateToDisk(options: InvestigateOptions): Promise<InvestigateRun> {
  const { logger, settings } = options;
  const problems: Problem[] = [];
  let skipped = 0;
  const noteProblem = (p: Problem): void => {
    if (options.strict) throw new LurewatchError(p);
    skipped += 1;
    if (problems.length < PROBLEMS_KEPT) problems.push(p);
    logger.warn(formatProblem(p));
  };

  const intelHome = options.intelHome ?? options.home;
  const intel = await openIntel({
    ...(intelHome ? { home: intelHome } : {}),
    iocFiles: options.iocFiles ?? [],
    keep: options.home !== undefined,
  });
  const store = new WorkingStore();
  const spool = new RunSpool();
  let handedOver = false;
  try {
    intel.problems.forEach(noteProblem);
    logger.info('intel', { indicators: intel.lookup.size });
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
    const stats = await ingest(options, store, spool, intel.lookup, sigma?.sigma, noteProblem);
    store.seal();
    logger.info('read inputs', { inputs: stats.inputs, events: stats.events, kept: store.stored });
    // Correlation joins by time, so every clock must be lined up before the first join.
    const clocks = settings.estimateClocks ? alignClocks(store, settings, logger) : [];

    logger.info('drafted incidents', await surveyDrafts(store, spool, options));
    await triageDrafts(store, spool, intel.lookup, options);
    store.close();

    const added = options.home ? saveCases(options.home, spool) : spool.incidents().length;
    for (const { incident } of spool.incidentsWithOrigins(false)) {
      intel.recordSightings([incident]);
    }
    const incidents = spool.incidents();
    const escalated = spool.countByVerdict('escalate');
    logger.info('triaged incidents', { incidents: incidents.length, escalated, new: added });
    handedOver = true;
    return {
      added,
      escalated,
      close: () => spool.close(),
      report: {
        schemaVersion: 1,
        generatedAt: new Date().toISOString(),
        incidents,
        stats: {
          inputs: stats.inputs,
          events: stats.events,
          skipped,
          problems,
          ...(settings.estimateClocks ? { clocks } : {}),
        },
      },
    };
  } finally {
    store.close();
    intel.close();
    if (!handedOver) spool.close();
  }
}

/**
 * First pass over the drafts: what triage of any one incident needs to know of the others
 * (which files only ran inside another's process tree, which origins repeat) goes to the
 * spool. Live look-ups run here, so that their signals are in the store before triage.
 */
async function surveyDrafts(
  store: WorkingStore,
  spool: RunSpool,
  options: InvestigateOptions,
): Promise<{ drafts: number; nested: number }> {
  const drafts = spool.numberDrafts();
  const queue = options.live?.size ? options.live : undefined;
  let failed = 0;
  for (const group of spool.drafts()) {
    const draft = draftIncident(store, group.seeds, options.settings);
    if (queue) {
      const { signals, records } = await liveLookups(draft, queue);
      store.addSignals(signals);
      spool.noteLookups(group.no, records);
      failed += records.filter((r) => r.status === 'failed').length;
    }
    // An intel indicator seen in several incidents is a repeated source like a shared sender.
    const keys = [
      ...originKeys(draft),
      ...intelMatchesOf(draft, store).map((m) => `known indicator ${m.type} ${m.value}`),
    ];
    spool.noteDraft(
      group.no,
      draft.executions.map((e) => e.event.lurewatch.id),
      draft.tree.children.map((c) => c.event.lurewatch.id),
      keys,
    );
  }
  if (queue) options.logger.info('live look-ups', { sent: queue.sent, failed });
  return { drafts, nested: spool.markNested() };
}

/**
 * Second pass: drafts each standalone incident again (cheaper than keeping every draft), then
 * triages it and spools the result.
 */
async function triageDrafts(
  store: WorkingStore,
  spool: RunSpool,
  iocs: IntelLookup,
  options: InvestigateOptions,
): Promise<void> {
  const cases = options.home ? new CaseStore(options.home) : undefined;
  try {
    const samples = options.samplesDir
      ? await indexSamples(options.samplesDir, options.logger)
      : undefined;
    for (const group of spool.drafts(true)) {
      const draft = draftIncident(store, group.seeds, options.settings);
      const own = spool.originsOf(group.no);
      const id = incidentId(
        draft.host,
        draft.file.path,
        draft.executions[0]?.event['@timestamp'] ?? '',
      );
      // Earlier runs count, except the run that already stored this very incident.
      const before = (key: string): number => cases?.countWithOrigin(key, id) ?? 0;
      const inRun = new Map(own.map((key) => [key, spool.originCount(key)]));
      const recurrence = recurrenceOf(own, inRun, before);
      const lookups = spool.lookupsOf(group.no);
      const incident = triage(draft, store, iocs, recurrence, options.settings, lookups);
      await attachAnalysis(incident, draft, samples, options.logger);
      spool.addIncident(group.no, incident);
    }
  } finally {
    cases?.close();
  }
}

/** Saves the run's incidents in the case store; returns how many it had not seen. */
function saveCases(home: string, spool: RunSpool): number {
  const cases = new CaseStore(home);
  try {
    let added = 0;
    let batch: Incident[] = [];
    let origins = new Map<string, readonly string[]>();
    const flush = (): void => {
      added += cases.save(batch, origins);
      batch = [];
      origins = new Map();
    };
    for (const { incident, origins: keys } of spool.incidentsWithOrigins()) {
      batch.push(incident);
      origins.set(incident.id, keys);
      if (batch.length >= 500) flush();
    }
    flush();
    return added;
  } finally {
    cases.close();
  }
}

interface IngestStats {
  inputs: number;
  events: number;
}

function offsetFor(event: LwEvent, settings: Settings): number {
  const offsets = settings.clockOffsets;
  return offsets[event.lurewatch.format] ?? offsets[event.lurewatch.source] ?? 0;
}

async function ingest(
  options: InvestigateOptions,
  store: WorkingStore,
  spool: RunSpool,
  intel: IntelLookup,
  sigma: SigmaSignals | undefined,
  noteProblem: (p: Problem) => void,
): Promise<IngestStats> {
  const stats: IngestStats = { inputs: 0, events: 0 };
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
        spool.addSeed(hostKey(event.host?.name), path, event.lurewatch.id);
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
