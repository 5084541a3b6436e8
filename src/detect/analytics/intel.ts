/**
 * Known-bad indicators from the local lists: hashes of processes, written files and
 * attachments; destination addresses and domains; senders.
 */
import type { HashSet, LwEvent } from '../../model/event.js';
import type { EventAnalytic, Signal } from './types.js';

function hashesIn(event: LwEvent): HashSet[] {
  const sets: HashSet[] = [];
  if (event.process?.hash) sets.push(event.process.hash);
  if (event.file?.hash) sets.push(event.file.hash);
  for (const attachment of event.email?.attachments ?? []) {
    if (attachment.file.hash) sets.push(attachment.file.hash);
  }
  return sets;
}

function observablesIn(event: LwEvent): string[] {
  const values: string[] = [];
  for (const set of hashesIn(event)) {
    for (const value of [set.sha256, set.sha1, set.md5]) if (value) values.push(value);
  }
  for (const value of [
    event.destination?.ip,
    event.destination?.domain,
    event.url?.domain,
    event.dns?.question?.name,
    event.email?.from?.address,
    event.email?.sender_ip,
  ]) {
    if (value) values.push(value.toLowerCase());
  }
  return values;
}

export const knownBadIndicator: EventAnalytic = {
  id: 'known-bad-indicator',
  title: 'Matches a known-bad indicator',
  explanation: 'A hash, address, domain or sender on the local known-bad lists appeared.',
  attack: ['T1204.002'],
  evaluate(event, context) {
    if (context.iocs.size === 0) return [];
    const signals: Signal[] = [];
    for (const value of new Set(observablesIn(event))) {
      const ioc = context.iocs.lookup(value);
      if (!ioc) continue;
      signals.push({
        analytic: this.id,
        eventId: event.lurewatch.id,
        subject: value,
        summary: `${ioc.type} ${value} is on ${ioc.source} line ${ioc.line}${ioc.label ? ` (${ioc.label})` : ''}`,
        ...(ioc.label ? { campaign: ioc.label } : {}),
      });
    }
    return signals;
  },
};
