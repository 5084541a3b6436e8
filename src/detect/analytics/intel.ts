/**
 * Known-bad indicators from the intel store and the `--ioc` lists: hashes and names of
 * processes, written files and attachments; URLs, domains and addresses; senders; and STIX
 * patterns over all of these. One signal per observed value, naming every indicator it hit.
 */
import { attributionText, type IntelMatch } from '../../intel/model.js';
import type { EventAnalytic, Signal } from './types.js';

/** Indicators named in one summary; the signal keeps them all. */
const SUMMARY_SOURCES = 3;

function summaryOf(observed: string, matches: readonly IntelMatch[]): string {
  const sources = [...new Set(matches.map((m) => m.source))];
  const shown = sources.slice(0, SUMMARY_SOURCES).join(', ');
  const more =
    sources.length > SUMMARY_SOURCES ? ` and ${sources.length - SUMMARY_SOURCES} more` : '';
  const attribution = attributionText(matches.flatMap((m) => m.attribution));
  const tied = attribution ? ` (${attribution})` : '';
  return `${observed} is a known-bad indicator in ${shown}${more}${tied}`;
}

/** The signal for one observed value and the indicators it matched. */
export function intelSignal(eventId: string, observed: string, matches: IntelMatch[]): Signal {
  const names = [
    ...new Set(matches.flatMap((m) => m.attribution.map((a) => `${a.kind} ${a.name}`))),
  ];
  return {
    analytic: 'known-bad-indicator',
    eventId,
    subject: observed,
    summary: summaryOf(observed, matches),
    intel: matches,
    ...(names.length > 0 ? { campaign: names.join(', ') } : {}),
  };
}

export const knownBadIndicator: EventAnalytic = {
  id: 'known-bad-indicator',
  title: 'Matches a known-bad indicator',
  explanation:
    'A hash, file name, URL, domain, address or sender in the threat intelligence appeared.',
  attack: ['T1204.002'],
  evaluate(event, context) {
    if (context.intel.size === 0) return [];
    const byObserved = new Map<string, IntelMatch[]>();
    for (const match of context.intel.match(event)) {
      byObserved.set(match.observed, [...(byObserved.get(match.observed) ?? []), match]);
    }
    return [...byObserved].map(([observed, matches]) =>
      intelSignal(event.lurewatch.id, observed, matches),
    );
  },
};
