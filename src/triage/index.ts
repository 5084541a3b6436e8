/**
 * Judges an incident draft: indicators from the signals of its events, the four questions,
 * the escalation decision with its reasons, severity and the filled checklist.
 */
import { createHash } from 'node:crypto';
import type { Settings } from '../core/settings.js';
import type { Draft } from '../correlate/incidents.js';
import { evidenceOf, isoOf } from '../correlate/evidence.js';
import { analytic } from '../detect/analytics/index.js';
import type { IntelLookup } from '../intel/lookup.js';
import type { IntelMatch } from '../intel/model.js';
import { isUserWritable } from '../detect/vocabulary.js';
import type {
  Evidence,
  Incident,
  IndicatorHit,
  LiveLookup,
  Severity,
  Verdict,
} from '../model/incident.js';
import type { WorkingStore } from '../store/working-store.js';
import { urlHost } from '../normalise/meta.js';
import { behaviourOf, isBenignDomain } from './behaviour.js';
import { fillChecklist } from './checklist.js';
import { answerQuestions, type Recurrence } from './questions.js';

interface SignalRow {
  event_id: string;
  analytic: string;
  summary: string;
  subject: string | null;
  campaign: string | null;
  detail: string | null;
  attack: string | null;
}

/** Reasons that name intel hits one by one; past this many the rest are counted. */
const MAX_INTEL_REASONS = 5;

/**
 * A file name alone is weak: benign files share names with malicious ones. A name hit counts
 * towards escalation only when the indicator is tied to an actor, campaign or family.
 */
function isStrongMatch(match: IntelMatch): boolean {
  return match.type !== 'filename' || match.attribution.length > 0;
}

function chainEventIds(draft: Draft): string[] {
  return [...new Set(draft.chain.flatMap((l) => l.evidence.map((e) => e.id)))];
}

function signalRows(draft: Draft, store: WorkingStore): SignalRow[] {
  const ids = chainEventIds(draft);
  const rows: SignalRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    rows.push(
      ...store.values<SignalRow>(
        `SELECT * FROM signals WHERE event_id IN (${part.map(() => '?').join(',')})`,
        ...part,
      ),
    );
  }
  return rows;
}

/** Every intel indicator the events of the incident's chain matched, once each. */
export function intelMatchesOf(draft: Draft, store: WorkingStore): IntelMatch[] {
  const out = new Map<string, IntelMatch>();
  for (const row of signalRows(draft, store)) {
    if (!row.detail) continue;
    for (const m of JSON.parse(row.detail) as IntelMatch[]) {
      out.set(`${m.source}\u0000${m.type}\u0000${m.value}`, m);
    }
  }
  return [...out.values()];
}

interface Indicators {
  hits: IndicatorHit[];
  campaigns: string[];
  /** Summaries of the strong intel hits, for the escalation reasons. */
  intel: string[];
}

function indicatorsOf(draft: Draft, store: WorkingStore): Indicators {
  const evidence = new Map<string, Evidence>(
    draft.chain.flatMap((l) => l.evidence.map((e) => [e.id, e] as const)),
  );
  const rows = signalRows(draft, store);
  const hits = new Map<string, IndicatorHit>();
  const campaigns = new Set<string>();
  const intel = new Set<string>();
  for (const row of rows) {
    const key = `${row.analytic}\u0000${row.summary}`;
    const ev = evidence.get(row.event_id);
    const hit = hits.get(key) ?? {
      id: row.analytic,
      summary: row.summary,
      attack: analytic(row.analytic)?.attack ?? row.attack?.split(',') ?? [],
      evidence: [],
    };
    if (ev && !hit.evidence?.some((e) => e.id === ev.id)) hit.evidence?.push(ev);
    const matches = row.detail ? (JSON.parse(row.detail) as IntelMatch[]) : [];
    if (matches.length > 0 && !hit.intel) hit.intel = matches;
    hits.set(key, hit);
    if (row.campaign) campaigns.add(row.campaign);
    const strong = matches.length === 0 || matches.some(isStrongMatch);
    if (row.analytic === 'known-bad-indicator' && strong) intel.add(row.summary);
  }
  const firstWrite = draft.writes.find((w) => !w.event.file?.origin_url);
  if (firstWrite && isUserWritable(draft.file.path) && draft.executions[0]) {
    const minutes = Math.max(0, Math.round((draft.executions[0].t - firstWrite.t) / 60_000));
    hits.set('written-then-executed', {
      id: 'written-then-executed',
      summary:
        `${draft.file.path} was written to a user folder and executed ` +
        `${minutes} minutes later`,
      attack: ['T1204.002'],
      evidence: [evidenceOf(firstWrite), evidenceOf(draft.executions[0])],
    });
  }
  return { hits: [...hits.values()], campaigns: [...campaigns], intel: [...intel] };
}

export function incidentId(host: string, path: string, firstSeen: string): string {
  const digest = createHash('sha1')
    .update(`${host}\u0000${path.toLowerCase()}\u0000${firstSeen}`)
    .digest('hex');
  return `lw-${digest.slice(0, 16)}`;
}

export function triage(
  draft: Draft,
  store: WorkingStore,
  intelLookup: IntelLookup,
  recurrence: Recurrence,
  settings: Settings,
  lookups: readonly LiveLookup[] = [],
): Incident {
  const first = draft.executions[0];
  const firstSeen = first ? first.event['@timestamp'] : isoOf(0);
  const hostIps = new Set(
    store
      .values<{ ip: string }>('SELECT ip FROM host_ips WHERE host = ?', draft.host)
      .map((r) => r.ip),
  );
  const { hits, campaigns, intel: intelHits } = indicatorsOf(draft, store);
  const intel = intelHits.length > 0;
  const behaviour = behaviourOf(draft, hostIps, settings);
  const user = first?.event.user
    ? [first.event.user.domain, first.event.user.name ?? '']
        .filter((p) => p !== undefined)
        .join('\\')
    : 'unknown';

  // The playbook's rule: executed and behaving maliciously, or tied to a known campaign.
  const reasons: string[] = [];
  for (const peer of behaviour.c2) {
    reasons.push(
      `executed and connected to ${peer.ip}${peer.port ? `:${peer.port}` : ''}` +
        `${peer.domain ? ` (${peer.domain})` : ''}, not a known service: ` +
        'possible command and control',
    );
  }
  for (const summary of intelHits.slice(0, MAX_INTEL_REASONS)) {
    reasons.push(`executed and matches a known-bad indicator: ${summary}`);
  }
  if (intelHits.length > MAX_INTEL_REASONS) {
    reasons.push(`and ${intelHits.length - MAX_INTEL_REASONS} more known-bad indicators`);
  }
  if (behaviour.shells.length > 0)
    reasons.push(`executed and started ${behaviour.shells.join(', ')}`);
  for (const campaign of campaigns)
    reasons.push(`origin tied to known campaign or actor: ${campaign}`);
  const escalate = reasons.length > 0;

  const masquerade = hits.some((h) => h.id === 'masquerading-name');
  const benignOrigin =
    draft.delivery.channel === 'web' && isBenignDomain(urlHost(draft.delivery.originUrl), settings);
  let verdict: Verdict = 'escalate';
  let severity: Severity = behaviour.c2.length > 0 || intel ? 'critical' : 'high';
  if (!escalate) {
    const strong =
      masquerade ||
      draft.delivery.channel === 'email' ||
      hits.some((h) => h.id === 'office-spawns-shell');
    verdict = benignOrigin && !masquerade ? 'dismiss' : 'review';
    severity = strong ? 'medium' : 'low';
    if (verdict === 'dismiss')
      reasons.push(
        `delivered from ${urlHost(draft.delivery.originUrl)}, a known vendor service, ` +
          'with no malicious behaviour seen',
      );
    else
      reasons.push(
        'executed, but no command and control, shell, intel match or campaign link was seen',
      );
  }

  const questions = answerQuestions(draft, hits, recurrence);
  return {
    id: incidentId(draft.host, draft.file.path, firstSeen),
    verdict,
    severity,
    host: first?.event.host?.name ?? draft.host,
    user,
    firstSeen,
    file: draft.file,
    delivery: {
      channel: draft.delivery.channel,
      ...(draft.delivery.detail ? { detail: draft.delivery.detail } : {}),
    },
    chain: draft.chain,
    indicators: hits,
    questions,
    escalation: { decision: escalate ? 'escalate' : 'no', reasons },
    network: draft.peers,
    ...(lookups.length > 0 ? { lookups: [...lookups] } : {}),
    checklist: fillChecklist(draft, intelLookup, user, intel, lookups),
    timeline: draft.timeline.map((t) => ({
      time: isoOf(t.t),
      source: t.event.lurewatch.source,
      summary: timelineSummary(t.event),
      evidence: evidenceOf(t),
    })),
  };
}

function timelineSummary(event: Draft['timeline'][number]['event']): string {
  const p = event.process;
  const category = event.event.category;
  if (category.includes('process')) {
    return `${p?.parent?.name ?? '?'} started ${p?.command_line ?? p?.executable ?? '?'}`.slice(
      0,
      300,
    );
  }
  if (category.includes('dns')) {
    return `${p?.name ?? '?'} looked up ${event.dns?.question?.name ?? '?'}`;
  }
  if (category.includes('network')) {
    const where = `${event.destination?.ip ?? '?'}:${event.destination?.port ?? '?'}`;
    return `${p?.name ?? '?'} connected to ${where}`;
  }
  if (category.includes('file')) {
    const what = `${event.event.type.join('/')} ${event.file?.path ?? '?'}`;
    return `${p?.name ?? 'file monitoring'} ${what}`;
  }
  return `${event.event.dataset} ${event.event.code ?? ''}`.trim();
}
