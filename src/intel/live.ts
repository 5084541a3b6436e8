/**
 * Live look-ups for one incident draft: the executed file's hashes and the origins it came
 * from (download URL and host, senders and sending addresses). Matches become intel signals
 * on the execution event, so triage weighs them like local intel; every look-up, failed ones
 * included, is recorded for the incident.
 */
import type { Draft } from '../correlate/incidents.js';
import { intelSignal } from '../detect/analytics/intel.js';
import type { Signal } from '../detect/analytics/types.js';
import type { LookupQueue } from './connectors/queue.js';
import type { LiveQuery, LookupRecord } from './connectors/types.js';
import type { IndicatorType } from './model.js';
import { normaliseValue } from './normalise.js';

function queriesOf(draft: Draft): LiveQuery[] {
  const out = new Map<string, LiveQuery>();
  const add = (type: IndicatorType, raw: string | undefined): void => {
    const value = raw ? normaliseValue(type, raw) : undefined;
    if (value) out.set(`${type} ${value}`, { type, value });
  };
  add('sha256', draft.file.sha256);
  if (!draft.file.sha256) add('md5', draft.file.md5);
  const url = draft.delivery.originUrl;
  add('url', url);
  if (url) {
    try {
      const host = new URL(url).hostname;
      add(/^[\d.]+$|:/.test(host) ? 'ip' : 'domain', host.replace(/^\[|\]$/g, ''));
    } catch {
      // No host to ask about.
    }
  }
  for (const email of draft.delivery.emails) {
    add('email', email.event.email?.from?.address);
    add('ip', email.event.email?.sender_ip);
  }
  return [...out.values()];
}

export async function liveLookups(
  draft: Draft,
  queue: LookupQueue,
): Promise<{ signals: Signal[]; records: LookupRecord[] }> {
  const eventId = draft.executions[0]?.event.lurewatch.id;
  const signals: Signal[] = [];
  const records: LookupRecord[] = [];
  for (const query of queriesOf(draft)) {
    for (const { answer, ...record } of await queue.lookup(query)) {
      records.push(record);
      if (answer.status === 'found' && eventId && answer.matches.length > 0) {
        signals.push(intelSignal(eventId, `${query.type} ${query.value}`, answer.matches));
      }
    }
  }
  return { signals, records };
}
