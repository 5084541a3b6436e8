/**
 * The playbook asks whether the same sender, sending address or file hash shows up more than
 * once. Each incident gets origin keys; a key shared by several incidents, in this run or in
 * the case store's earlier ones, is a repeat.
 */
import type { Draft } from '../correlate/incidents.js';
import { urlHost } from '../normalise/meta.js';
import type { Recurrence } from '../triage/questions.js';

export function originKeys(draft: Draft): string[] {
  const keys = new Set<string>();
  if (draft.file.sha256) keys.add(`sha256 ${draft.file.sha256}`);
  for (const email of draft.delivery.emails) {
    const mail = email.event.email;
    if (mail?.from?.address) keys.add(`sender ${mail.from.address.toLowerCase()}`);
    if (mail?.sender_ip) keys.add(`sending IP ${mail.sender_ip}`);
  }
  const host = urlHost(draft.delivery.originUrl);
  if (host) keys.add(`download host ${host}`);
  return [...keys];
}

export function recurrenceOf(
  keys: readonly string[],
  countInRun: ReadonlyMap<string, number>,
  earlier: (key: string) => number,
): Recurrence {
  return {
    comparable: keys.length > 0,
    shared: keys.map((key) => ({ key, count: (countInRun.get(key) ?? 0) + earlier(key) })),
  };
}
