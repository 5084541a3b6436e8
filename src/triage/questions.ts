/**
 * The playbook's four questions, answered from the evidence, each `unknown` when the data
 * cannot say, never a guess.
 */
import type { Draft } from '../correlate/incidents.js';
import { evidenceOf } from '../correlate/evidence.js';
import type { IndicatorHit, QuestionAnswer } from '../model/incident.js';

/** How often each of this incident's origins recurs across the run (and earlier runs). */
export interface Recurrence {
  /** Human-readable origin key, such as `sender billing@x.com`, to the incidents sharing it. */
  shared: Array<{ key: string; count: number }>;
  /** Whether the incident had any origin key to compare at all. */
  comparable: boolean;
}

export function answerQuestions(
  draft: Draft,
  indicators: IndicatorHit[],
  recurrence: Recurrence,
): QuestionAnswer[] {
  const delivery = draft.delivery;
  const known = delivery.channel !== 'unknown';
  const masquerade = indicators.filter((i) => i.id === 'masquerading-name');
  const repeated = recurrence.shared.filter((s) => s.count > 1);
  return [
    {
      id: 'known-channel',
      question: 'Was the file received through a known channel (email, file share, web)?',
      answer: known ? 'yes' : 'unknown',
      explanation: known
        ? `Delivered by ${delivery.channel}${delivery.detail ? `: ${delivery.detail}` : ''}.`
        : 'No email, proxy, Mark-of-the-Web or file-share record ties the file to a channel.',
      evidence: delivery.links.flatMap((l) => l.evidence),
    },
    {
      id: 'user-reported',
      question: 'Did the user report the file as suspicious?',
      answer: 'unknown',
      explanation:
        'None of the inputs is a user-report source (a phishing-report mailbox or ticket ' +
        'export); ask the user or check the reporting channel.',
      evidence: [],
    },
    {
      id: 'repeated-source',
      question: 'Are there multiple instances from the same source IP, sender or file hash?',
      answer: repeated.length > 0 ? 'yes' : recurrence.comparable ? 'no' : 'unknown',
      explanation:
        repeated.length > 0
          ? `Seen more than once: ${repeated.map((s) => `${s.key} (${s.count} times)`).join('; ')}.`
          : recurrence.comparable
            ? `Each origin appears once: ${recurrence.shared.map((s) => s.key).join('; ')}.`
            : 'No sender, sending address, download origin or hash is known to compare.',
      evidence: delivery.emails.map(evidenceOf),
    },
    {
      id: 'masquerading',
      question: 'Does the file show masquerading characteristics?',
      answer: masquerade.length > 0 ? 'yes' : 'no',
      explanation:
        masquerade.length > 0
          ? masquerade.map((m) => m.summary).join('; ')
          : `The name ${JSON.stringify(draft.file.name)} has no double extension, direction ` +
            'override, invisible characters or padding.',
      evidence: masquerade.flatMap((m) => m.evidence ?? []),
    },
  ];
}
