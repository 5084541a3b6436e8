/**
 * Lines up the clocks of log sources before correlation joins them by time. Hosts (EDR, FIM)
 * are the reference; each other source (a reader: a proxy, a network sensor, a mail gateway)
 * is measured against them through events both recorded, and a strong estimate moves that
 * source's rows in the working store. A clock the analyst configured is never re-estimated.
 * Hands on the estimates for the report's `stats.clocks`.
 */
import type { Logger } from '../../core/logger.js';
import type { Settings } from '../../core/settings.js';
import type { ClockEstimate } from '../../model/incident.js';
import type { WorkingStore } from '../../store/working-store.js';
import { AGREE_MS, estimateOffset, type OffsetEstimate } from './estimate.js';
import { CLOCK_PAIRINGS } from './pairs.js';

export { estimateOffset } from './estimate.js';

/** Measures every non-host clock and applies the strong, unconfigured estimates. */
export function alignClocks(
  store: WorkingStore,
  settings: Settings,
  logger: Logger,
): ClockEstimate[] {
  const differences = new Map<string, { diffs: number[]; by: Set<string> }>();
  for (const pairing of CLOCK_PAIRINGS) {
    for (const pair of pairing.find(store)) {
      const entry = differences.get(pair.clock) ?? { diffs: [], by: new Set<string>() };
      entry.diffs.push(pair.diffMs);
      entry.by.add(pairing.id);
      differences.set(pair.clock, entry);
    }
  }

  const estimates: ClockEstimate[] = [];
  for (const [clock, { diffs, by }] of differences) {
    const found = estimateOffset(diffs);
    if (!found) continue;
    const { applied, reason } = decide(found, configuredOffset(store, clock, settings));
    if (applied) store.shiftClock(clock, found.offsetMs, 'estimated');
    const estimate: ClockEstimate = {
      source: clock,
      offsetMs: found.offsetMs,
      pairs: found.pairs,
      agreeing: found.agreeing,
      spreadMs: found.spreadMs,
      matchedBy: [...by],
      applied,
      reason,
    };
    estimates.push(estimate);
    // An unapplied offset worth a --clock-offset is news to the analyst; a small one is not.
    const news = applied || Math.abs(found.offsetMs) > AGREE_MS;
    const log = news ? logger.info.bind(logger) : logger.debug.bind(logger);
    log(applied ? 'applied estimated clock offset' : 'clock offset estimate not applied', {
      source: clock,
      offsetMs: found.offsetMs,
      pairs: found.pairs,
      agreeing: found.agreeing,
      spreadMs: found.spreadMs,
      reason,
    });
  }
  return estimates.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** Whether an estimate moves its clock, and the reason in words for the report. */
function decide(
  found: OffsetEstimate,
  configured: number | undefined,
): { applied: boolean; reason: string } {
  if (configured !== undefined) {
    return { applied: false, reason: `configured ${configured} ms overrides; ${found.reason}` };
  }
  if (!found.strong) return { applied: false, reason: `weak support: ${found.reason}` };
  if (Math.abs(found.offsetMs) <= AGREE_MS) {
    const reason = `within ${AGREE_MS} ms of zero, the clocks agree; ${found.reason}`;
    return { applied: false, reason };
  }
  return { applied: true, reason: found.reason };
}

/** The offset the analyst gave this reader, by its id or by its source kind. */
function configuredOffset(
  store: WorkingStore,
  clock: string,
  settings: Settings,
): number | undefined {
  const offsets = settings.clockOffsets;
  if (offsets[clock] !== undefined) return offsets[clock];
  const [row] = store.values<{ source: string }>(
    'SELECT source FROM events WHERE clock = ? LIMIT 1',
    clock,
  );
  return row ? offsets[row.source] : undefined;
}
