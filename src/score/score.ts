/**
 * Scores an investigation against a simulation's ground truth. An incident belongs to a
 * planted chain when it is on the chain's host and about one of the chain's paths. A lure
 * that executed is found when such an incident has at least the verdict the chain deserves
 * (escalate for one that reached its server or ran a shell, review for one that was blocked);
 * an escalation is false when it belongs to no malicious chain.
 */
import type { Incident } from '../model/incident.js';
import type { Truth, TruthEntry } from '../simulate/truth.js';
import { hostKey } from '../store/host-key.js';

export type ScoredIncident = Pick<Incident, 'id' | 'verdict' | 'host'> & { file: { path: string } };

export interface ScoredReport {
  incidents: ScoredIncident[];
  stats?: { events?: number };
}

export interface RunCost {
  elapsedMs?: number;
  peakRssMb?: number;
}

export interface VariantScore {
  malicious: boolean;
  planted: number;
  executed: number;
  /** Executed lures with an incident of the expected verdict. */
  found: number;
  /** found / executed; null for benign look-alikes and variants that never executed. */
  recall: number | null;
  /** Chains of this variant with at least one escalated incident. */
  escalated: number;
  /** Escalations of this (benign) variant. */
  falseEscalations: number;
  missed: string[];
}

export interface Score {
  recall: number | null;
  /** True escalations over all escalations; 1 when nothing was escalated. */
  precision: number;
  escalations: number;
  falseEscalations: number;
  falseEscalationsPerMillionEvents: number;
  events: number;
  incidents: number;
  byVariant: Record<string, VariantScore>;
  elapsedMs?: number;
  eventsPerSecond?: number;
  peakRssMb?: number;
}

const RANK = { dismiss: 0, review: 1, escalate: 2 } as const;

function matches(incident: ScoredIncident, entry: TruthEntry): boolean {
  if (hostKey(incident.host) !== hostKey(entry.host)) return false;
  const path = incident.file.path.toLowerCase();
  return entry.paths.some((p) => p.toLowerCase() === path);
}

export function score(truth: Truth, report: ScoredReport, cost: RunCost = {}): Score {
  const byHost = new Map<string, TruthEntry[]>();
  for (const entry of truth.entries) {
    const key = hostKey(entry.host);
    byHost.set(key, [...(byHost.get(key) ?? []), entry]);
  }
  const incidentsOf = new Map<string, ScoredIncident[]>();
  let escalations = 0;
  let falseEscalations = 0;
  const benignEscalated = new Map<string, number>();
  for (const incident of report.incidents) {
    const owners = (byHost.get(hostKey(incident.host)) ?? []).filter((e) => matches(incident, e));
    for (const owner of owners)
      incidentsOf.set(owner.id, [...(incidentsOf.get(owner.id) ?? []), incident]);
    if (incident.verdict !== 'escalate') continue;
    escalations += 1;
    if (owners.some((o) => o.malicious)) continue;
    falseEscalations += 1;
    for (const owner of owners)
      benignEscalated.set(owner.variant, (benignEscalated.get(owner.variant) ?? 0) + 1);
  }

  const byVariant: Record<string, VariantScore> = {};
  for (const entry of truth.entries) {
    const v = (byVariant[entry.variant] ??= {
      malicious: entry.malicious,
      planted: 0,
      executed: 0,
      found: 0,
      recall: null,
      escalated: 0,
      falseEscalations: benignEscalated.get(entry.variant) ?? 0,
      missed: [],
    });
    v.planted += 1;
    const own = incidentsOf.get(entry.id) ?? [];
    if (own.some((i) => i.verdict === 'escalate')) v.escalated += 1;
    if (!entry.executed) continue;
    v.executed += 1;
    if (!entry.malicious) continue;
    const needed = entry.expected === 'review' ? RANK.review : RANK.escalate;
    if (own.some((i) => RANK[i.verdict] >= needed)) v.found += 1;
    else v.missed.push(entry.id);
  }
  let executed = 0;
  let found = 0;
  for (const v of Object.values(byVariant)) {
    if (!v.malicious || v.executed === 0) continue;
    v.recall = v.found / v.executed;
    executed += v.executed;
    found += v.found;
  }

  const events = report.stats?.events ?? truth.events;
  return {
    recall: executed > 0 ? found / executed : null,
    precision: escalations > 0 ? (escalations - falseEscalations) / escalations : 1,
    escalations,
    falseEscalations,
    falseEscalationsPerMillionEvents: events > 0 ? (falseEscalations * 1e6) / events : 0,
    events,
    incidents: report.incidents.length,
    byVariant,
    ...(cost.elapsedMs !== undefined
      ? {
          elapsedMs: cost.elapsedMs,
          eventsPerSecond: Math.round((events * 1000) / Math.max(1, cost.elapsedMs)),
        }
      : {}),
    ...(cost.peakRssMb !== undefined ? { peakRssMb: cost.peakRssMb } : {}),
  };
}
