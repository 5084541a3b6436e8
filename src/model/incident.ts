/**
 * The incident: one user-executed file on one host, with the chain that led to it and from
 * it, the playbook's questions answered, and the escalation decision. `incidents.json` is this
 * shape under `schemaVersion: 1`; fields may be added, never renamed or removed.
 */

import type { FileAnalysis } from './analysis.js';

export type Verdict = 'escalate' | 'review' | 'dismiss';

/**
 * critical: executed and seen talking to C2 or matching known-bad intel.
 * high: executed and showed malicious behaviour of another kind (shell or script children).
 * medium: executed with strong indicators (masquerading, email delivery) but no behaviour seen.
 * low: executed, weak indicators only; kept for the record.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type DeliveryChannel = 'email' | 'web' | 'file-share' | 'removable' | 'unknown';

export type ChainStage =
  | 'delivery'
  | 'file-written'
  | 'execution'
  | 'child-process'
  | 'network'
  | 'file-activity'
  | 'follow-up';

/** A pointer to an event that proves something: its id, where it came from, and the record. */
export interface Evidence {
  id: string;
  input: string;
  location: string;
  format: string;
  time: string;
}

export interface ChainLink {
  stage: ChainStage;
  time: string;
  /** The log source kind that saw it: edr, email, proxy, fim. */
  source: string;
  summary: string;
  evidence: Evidence[];
  /** Why this link was joined to the incident (which key matched). */
  joinedBy?: string;
  /** Set when the join only held after applying a per-source clock offset (milliseconds). */
  clockOffsetMs?: number;
  /** Where that offset came from: `--clock-offset`, or estimated from shared events. */
  clockOffsetSource?: 'configured' | 'estimated';
}

/** A threat-intelligence indicator an incident matched, with where it came from. */
export interface IntelReference {
  /** md5, sha256, filename, url, domain, ip, email or stix-pattern. */
  type: string;
  value: string;
  /** `misp:<event uuid>`, `stix:<bundle id>`, `urlhaus`, `list:<file>`. */
  source: string;
  /** The record inside the source: MISP attribute uuid, STIX indicator id, list line. */
  ref?: string;
  /** Threat actors, intrusion sets, campaigns and malware families it is tied to. */
  attribution: Array<{ kind: string; name: string }>;
  /** What the incident's events showed that matched. */
  observed: string;
}

/** A live intel look-up made for the incident; `failed` means no answer, not "not found". */
export interface LiveLookup {
  connector: string;
  type: string;
  value: string;
  status: 'found' | 'not-found' | 'failed';
  /** For failures: the kind (quota, network, server, auth, timeout) and the message. */
  detail?: string;
}

export interface IndicatorHit {
  /** Analytic id, e.g. `masquerading-name` or `sigma:<rule id>`. */
  id: string;
  summary: string;
  /** ATT&CK technique ids this indicator speaks to. */
  attack?: string[];
  evidence?: Evidence[];
  /** For intel hits: every indicator matched. */
  intel?: IntelReference[];
}

export type Answer = 'yes' | 'no' | 'unknown';

export type QuestionId = 'known-channel' | 'user-reported' | 'repeated-source' | 'masquerading';

export interface QuestionAnswer {
  id: QuestionId;
  question: string;
  answer: Answer;
  explanation: string;
  evidence: Evidence[];
}

export interface ChecklistItem {
  id: string;
  step: string;
  tier: 1 | 2;
  status: 'done' | 'partial' | 'open';
  /** What the data already answers for this step. */
  finding: string;
}

export interface NetworkPeer {
  ip: string;
  port?: number;
  domain?: string;
}

export interface Incident {
  id: string;
  verdict: Verdict;
  severity: Severity;
  host: string;
  user: string;
  firstSeen: string;
  file: { path: string; name: string; sha256?: string; md5?: string; size?: number };
  delivery: { channel: DeliveryChannel; detail?: string };
  chain: ChainLink[];
  indicators: IndicatorHit[];
  questions: QuestionAnswer[];
  escalation: { decision: 'escalate' | 'no'; reasons: string[] };
  network: NetworkPeer[];
  /** The tier-1 steps filled with what the data answers. */
  checklist: ChecklistItem[];
  /**
   * Static analysis of the delivered file: from the email that carried it (the whole
   * attachment, with `openedPath` naming the file inside it that ran) or from `--samples`.
   */
  analysis?: {
    source: 'email-attachment' | 'sample';
    input: string;
    openedPath?: string;
    file: FileAnalysis;
  };
  /** Live intel look-ups made for this incident, when live connectors are configured. */
  lookups?: LiveLookup[];
  /** Events on the host within +-30 minutes of execution, oldest first, capped. */
  timeline: Array<{ time: string; source: string; summary: string; evidence: Evidence }>;
}

/**
 * A source clock's offset from the host clocks, estimated from events both saw (the same
 * connection, download or attachment). `offsetMs` is added to the source's recorded times.
 */
export interface ClockEstimate {
  /** The reader id whose clock was measured, e.g. `zeek-tsv`. */
  source: string;
  offsetMs: number;
  /** Matched pairs, and how many of them agree with `offsetMs` within the tolerance. */
  pairs: number;
  agreeing: number;
  /** Median absolute deviation of the pairs' differences from `offsetMs`. */
  spreadMs: number;
  /** Which kinds of shared event gave pairs: five-tuple, url, server-client, sha256. */
  matchedBy: string[];
  applied: boolean;
  /** Why it was or was not applied. */
  reason: string;
}

export interface RunStats {
  inputs: number;
  events: number;
  skipped: number;
  problems: Array<{ input: string; location: string; code: string; message: string }>;
  /** Clock estimates, one per source that shared events with the hosts. */
  clocks?: ClockEstimate[];
}

export interface IncidentReport {
  schemaVersion: 1;
  generatedAt: string;
  incidents: Incident[];
  stats: RunStats;
}

/**
 * The incidents of a report as the writers take them: an array, or a list read back from disk
 * a page at a time so that a run's memory does not grow with its incidents. Walkable more than
 * once.
 */
export interface IncidentList extends Iterable<Incident> {
  readonly length: number;
}

/** A report whose incidents may be streamed; `IncidentReport` is one. */
export interface ReportSource extends Omit<IncidentReport, 'incidents'> {
  incidents: IncidentList;
}
