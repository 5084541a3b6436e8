/**
 * The tier-1 and tier-2 steps of the playbook, filled with what the data already answers so
 * the analyst starts from the open items.
 */
import type { Draft } from '../correlate/incidents.js';
import type { IntelLookup } from '../intel/lookup.js';
import type { ChecklistItem, LiveLookup } from '../model/incident.js';

/** What the live services said about the file's hash, failures named as failures. */
function liveFinding(lookups: readonly LiveLookup[], sha256: string | undefined): string {
  const own = lookups.filter((l) => l.type === 'sha256' && l.value === sha256?.toLowerCase());
  return own
    .map((l) =>
      l.status === 'failed'
        ? ` ${l.connector} look-up FAILED (${l.detail ?? 'no answer'}): not an answer, ask again.`
        : ` ${l.connector}: ${l.status === 'found' ? 'known bad' : 'not found'}.`,
    )
    .join('');
}

export function fillChecklist(
  draft: Draft,
  intel: IntelLookup,
  user: string,
  intelHit: boolean,
  lookups: readonly LiveLookup[] = [],
): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const around = draft.timeline.length;
  items.push({
    id: 'user-activity',
    tier: 1,
    step: "Review the user's activity around the execution (±30 minutes)",
    status: around > 0 ? 'done' : 'open',
    finding:
      `${around} events on ${draft.host} for ${user} within 30 minutes of execution ` +
      'are in the timeline.',
  });

  const mail = draft.delivery.emails[0]?.event.email;
  items.push({
    id: 'email-header-trace',
    tier: 1,
    step: 'Trace the email headers to the sender',
    status: mail ? 'done' : 'open',
    finding: mail
      ? `From ${mail.from?.address ?? '?'}, Return-Path ${mail.return_path ?? '?'}, ` +
        `Reply-To ${mail.reply_to?.address ?? 'none'}, ` +
        `first external hop ${mail.sender_ip ?? 'unknown'}, ` +
        `${mail.headers?.filter(([n]) => n.toLowerCase() === 'received').length ?? 0} ` +
        'Received headers.'
      : 'No email in the inputs carries this file; search the gateway for its name and hash.',
  });

  const counts = intel.counts();
  const hashCount =
    (counts.sha256 ?? 0) + (counts.sha1 ?? 0) + (counts.md5 ?? 0) + (counts.sha512 ?? 0);
  const live = liveFinding(lookups, draft.file.sha256);
  const failed = live.includes('FAILED');
  const checked = hashCount > 0 || (live !== '' && !failed);
  const sha = draft.file.sha256;
  const answer = intelHit ? 'match' : 'no match';
  const local =
    hashCount > 0
      ? `sha256 ${sha} checked against ${hashCount} local hashes: ${answer}.`
      : live
        ? `sha256 ${sha}.`
        : `sha256 ${sha}; no intel store or list was given (intel import, --ioc), look it up.`;
  items.push({
    id: 'hash-lookup',
    tier: 1,
    step: 'Look up the file hash in threat intelligence',
    status: sha ? (checked && !failed ? 'done' : 'partial') : 'open',
    finding: sha ? local + live : 'No hash of the file was logged; collect the file to hash it.',
  });

  const body = mail?.body_excerpt ?? '';
  const lure = /pass(word|wort|code)|pwd|kennwort|contraseña|mot de passe/i.test(
    body.slice(0, 8192),
  );
  items.push({
    id: 'password-protected',
    tier: 1,
    step: 'Ask the user whether the file came in a password-protected archive',
    status: lure ? 'partial' : 'open',
    finding: lure
      ? 'The email body mentions a password: the attachment was likely an encrypted archive.'
      : `Ask ${user}: did the file arrive in a password-protected archive, ` +
        'and who gave the password?',
  });

  items.push({
    id: 'static-analysis',
    tier: 2,
    step: 'Analyse the file in a sandbox and statically',
    status: 'open',
    finding: draft.file.sha256
      ? `Collect ${draft.file.path} (sha256 ${draft.file.sha256}).`
      : `Collect ${draft.file.path}.`,
  });
  items.push({
    id: 'persistence-lateral',
    tier: 2,
    step: 'Hunt for persistence and lateral movement from the host',
    status: draft.tree.children.length > 0 ? 'partial' : 'open',
    finding:
      `${draft.tree.children.length} descendant processes and ` +
      `${draft.tree.writes.length} file writes by the tree are in the chain.`,
  });
  return items;
}
