/**
 * Text functions every human-facing writer shares. Values in a report come from hostile logs, so
 * before any format-specific escaping they are made visible (no hidden direction or zero-width
 * characters, no control characters) and cut to a readable length. `incidents.json` keeps them
 * whole; the other outputs are for reading.
 */
import type { Evidence, Incident, ReportSource, Verdict } from '../model/incident.js';

export const REPORT_LIMITS = Object.freeze({
  // One value (a command line can reach 32 KiB on Windows) must not drown a table; the full
  // value stays in incidents.json.
  maxValueChars: 400,
  // A chain is normally a handful of links; a pathological one is cut so the page stays usable.
  maxChainNodes: 60,
});

/**
 * Characters that change how text is displayed without being seen: direction overrides and
 * isolates (the `exe.pdf` trick), zero-width joiners and spaces, the combining grapheme joiner
 * found hiding extensions in real phishing, the byte-order mark.
 */
const INVISIBLE =
  /[\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** C0 and C1 controls other than tab and newline: terminal escapes, NULs, form feeds. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function codePointLabel(char: string): string {
  const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `<U+${hex}>`;
}

/**
 * Shows what would otherwise hide: invisible characters become `<U+202E>` and friends, controls
 * become U+FFFD. Escaping for the output format comes after, so the marker's `<` is escaped too.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, codePointLabel).replace(CONTROL, '\ufffd');
}

/** Cuts to at most `max` characters (code points), ending with an ellipsis when cut. */
export function clip(text: string, max: number = REPORT_LIMITS.maxValueChars): string {
  // Fast path: no more code units than the limit means no more code points either.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A log value ready for format-specific escaping: on one line, visible, cut. */
export function displayValue(text: string | number | undefined, max?: number): string {
  if (text === undefined) return '';
  const limit = max ?? REPORT_LIMITS.maxValueChars;
  // Work on a bounded prefix: a value may be megabytes long, and only `limit` characters stay.
  // Four code units per kept character leaves room for surrogate pairs.
  const prefix = String(text).slice(0, limit * 4 + 1);
  return clip(visible(prefix.replace(/[\r\n\t]+/g, ' ')), limit);
}

/** `2026-11-16T09:13:02.530Z` as `2026-11-16 09:13:02Z`; anything else is shown as it came. */
export function displayTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : displayValue(iso, 40);
}

/** `09:13:02Z` when the day is known from context. */
export function displayClock(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]}Z` : displayValue(iso, 40);
}

export const VERDICTS: readonly Verdict[] = ['escalate', 'review', 'dismiss'];

export function verdictCounts(report: ReportSource): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { escalate: 0, review: 0, dismiss: 0 };
  for (const incident of report.incidents) counts[incident.verdict] += 1;
  return counts;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2 incidents: 1 escalate, 0 review, 1 dismiss`. */
export function incidentTally(report: ReportSource): string {
  const counts = verdictCounts(report);
  const parts = VERDICTS.map((verdict) => `${counts[verdict]} ${verdict}`);
  return `${plural(report.incidents.length, 'incident')}: ${parts.join(', ')}`;
}

/** `email (Accounts Payable <billing@...>)`: the channel and its detail when there is one. */
export function deliveryText(incident: Incident): string {
  const { channel, detail } = incident.delivery;
  return detail ? `${channel} (${detail})` : channel;
}

/** Every distinct piece of evidence an incident cites, in order of first citation. */
export function citedEvidence(incident: Incident): Evidence[] {
  const seen = new Map<string, Evidence>();
  const cite = (items: Evidence[] | undefined): void => {
    for (const item of items ?? []) if (!seen.has(item.id)) seen.set(item.id, item);
  };
  for (const link of incident.chain) cite(link.evidence);
  for (const hit of incident.indicators) cite(hit.evidence);
  for (const question of incident.questions) cite(question.evidence);
  for (const entry of incident.timeline) cite([entry.evidence]);
  return [...seen.values()];
}

export const INTEL_HEADERS = ['Type', 'Value', 'Source', 'Tied to', 'Seen as'];

/** Every intel indicator the incident matched, once each, as plain cells for any writer. */
export function intelRows(incident: Incident): string[][] {
  const rows = new Map<string, string[]>();
  for (const hit of incident.indicators) {
    for (const ref of hit.intel ?? []) {
      const key = `${ref.source}\u0000${ref.type}\u0000${ref.value}`;
      if (rows.has(key)) continue;
      const tied = ref.attribution.map((a) => `${a.kind} ${a.name}`).join('; ');
      rows.set(key, [ref.type, ref.value, ref.source, tied, ref.observed]);
    }
  }
  return [...rows.values()];
}

export const LOOKUP_HEADERS = ['Service', 'Type', 'Value', 'Answer'];

/** The live look-ups made for the incident; a failure is no answer, and says why. */
export function lookupRows(incident: Incident): string[][] {
  return (incident.lookups ?? []).map((l) => [
    l.connector,
    l.type,
    l.value,
    l.detail ? `${l.status}: ${l.detail}` : l.status,
  ]);
}
