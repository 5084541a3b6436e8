/**
 * From matched pairs to one offset: the median of the differences, how well the pairs agree
 * with it, and whether that agreement is strong enough to move a whole source's clock.
 */

/**
 * A pair agrees with the estimate within this much. Event logs stamp a record when it is
 * written, not when the thing happened: Sysmon writes network connections up to a minute
 * late (measured on the OTRF LSASS recordings), so exact agreement is not to be had. Half a
 * minute is a quarter of the default download join window, tight enough for every join.
 */
export const AGREE_MS = 30_000;
/** The median deviation of all pairs must stay under this, or the sources do not keep time. */
export const MAX_SPREAD_MS = 10_000;
/** Fewer agreeing pairs than this could be a coincidence of reused ports or URLs. */
export const MIN_AGREEING = 3;
/** Share of all pairs that must agree; below it the source's clock drifts or the pairs lie. */
export const MIN_AGREEING_SHARE = 0.8;

export interface OffsetEstimate {
  offsetMs: number;
  pairs: number;
  agreeing: number;
  spreadMs: number;
  strong: boolean;
  reason: string;
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/**
 * `differences` are reference time minus this source's recorded time, one per matched pair.
 * The offset is the median of the pairs that agree with the overall median, so a few false
 * matches (a reused port hours later) move neither the value nor the verdict.
 */
export function estimateOffset(differences: readonly number[]): OffsetEstimate | undefined {
  if (differences.length === 0) return undefined;
  const sorted = [...differences].sort((a, b) => a - b);
  const centre = median(sorted);
  const agreeing = sorted.filter((d) => Math.abs(d - centre) <= AGREE_MS);
  const offsetMs = agreeing.length > 0 ? median(agreeing) : centre;
  const deviations = sorted.map((d) => Math.abs(d - offsetMs)).sort((a, b) => a - b);
  const spreadMs = median(deviations);
  const base = { offsetMs, pairs: sorted.length, agreeing: agreeing.length, spreadMs };

  if (agreeing.length < MIN_AGREEING) {
    return {
      ...base,
      strong: false,
      reason: `${agreeing.length} agreeing pair(s), want ${MIN_AGREEING}`,
    };
  }
  if (agreeing.length < MIN_AGREEING_SHARE * sorted.length) {
    return {
      ...base,
      strong: false,
      reason: `only ${agreeing.length} of ${sorted.length} pairs agree within ${AGREE_MS} ms`,
    };
  }
  if (spreadMs > MAX_SPREAD_MS) {
    return { ...base, strong: false, reason: `spread ${spreadMs} ms over ${MAX_SPREAD_MS} ms` };
  }
  return {
    ...base,
    strong: true,
    reason: `${agreeing.length} of ${sorted.length} pairs agree within ${AGREE_MS} ms`,
  };
}
