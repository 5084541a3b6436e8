/**
 * Correlation rules over the stream of detection matches: each correlation keeps one window
 * state per group (the values of its `group-by` fields, through its `aliases`), fires when its
 * condition holds, and may feed another correlation (chaining). Groups that have seen nothing
 * within their time span are freed as event time advances.
 */
import type { DetectionMatch } from './engine.js';
import type { CorrelationRule, DetectionRule, Rejection, SigmaRule } from './model.js';
import { newGroupState, type GroupState } from './correlation-state.js';

export interface CorrelationAlert {
  rule: CorrelationRule;
  /** The time of the event that completed the correlation. */
  time: number;
  firstTime: number;
  /** Group-by field (or alias) -> value. */
  group: Record<string, string>;
  /** The count, distinct count, sum, average or percentile that met the condition. */
  value: number;
}

interface Observation {
  rule: SigmaRule;
  time: number;
  get(field: string): unknown;
}

// Distinct groups alive at once per correlation; past it the least recently active is dropped.
// Bounds memory on inputs where a group-by field takes unbounded values (say, source ports).
const MAX_GROUPS = 100_000;

class Tracker {
  private readonly groups = new Map<string, GroupState>();
  private sweptAt = -Infinity;

  constructor(
    readonly rule: CorrelationRule,
    /** For each referenced rule object, its index (or indices) in `rule.rules`. */
    readonly indexOf: ReadonlyMap<SigmaRule, number>,
  ) {}

  observe(observation: Observation): CorrelationAlert[] {
    const index = this.indexOf.get(observation.rule);
    if (index === undefined) return [];
    const group = this.groupOf(observation);
    if (!group) return [];
    const alerts = this.sweep(observation.time);

    const key = JSON.stringify(Object.values(group));
    let state = this.groups.get(key);
    if (!state) {
      state = newGroupState(this.rule);
      if (this.groups.size >= MAX_GROUPS) {
        const oldest = this.groups.keys().next().value;
        if (oldest !== undefined) this.groups.delete(oldest);
      }
    }
    // Re-inserting keeps the map in least-recently-active order for eviction.
    this.groups.delete(key);
    this.groups.set(key, state);

    const valueField = this.rule.field;
    const value = valueField ? this.fieldOf(observation, valueField) : undefined;
    const firing = state.add(observation.time, index, value);
    if (firing) {
      const { firstTime, lastTime: time, value } = firing;
      alerts.push({ rule: this.rule, time, firstTime, group, value });
    }
    return alerts;
  }

  /** Windows whose span has passed: closed, evaluated (for lt/eq conditions) and freed. */
  sweep(now: number, force = false): CorrelationAlert[] {
    const alerts: CorrelationAlert[] = [];
    if (!force && now - this.sweptAt < this.rule.timespanMs / 4) return alerts;
    this.sweptAt = now;
    for (const [key, state] of this.groups) {
      const last = state.lastTime();
      if (!force && last >= now - this.rule.timespanMs) continue;
      const firing = state.close();
      if (firing) {
        const group = Object.fromEntries(
          this.rule.groupBy.map((field, i) => [field, String((JSON.parse(key) as unknown[])[i])]),
        );
        const { firstTime, value } = firing;
        alerts.push({ rule: this.rule, time: last, firstTime, group, value });
      }
      this.groups.delete(key);
    }
    return alerts;
  }

  get size(): number {
    return this.groups.size;
  }

  private fieldOf(observation: Observation, field: string): unknown {
    const alias = this.rule.aliases[field];
    if (alias) {
      const { id, name } = observation.rule;
      const mapped =
        (name !== undefined ? alias[name] : undefined) ??
        (id !== undefined ? alias[id] : undefined);
      if (mapped !== undefined) return observation.get(mapped);
    }
    return observation.get(field);
  }

  /** The group of an observation; `undefined` when it lacks a group-by field. */
  private groupOf(observation: Observation): Record<string, string> | undefined {
    const group: Record<string, string> = {};
    for (const field of this.rule.groupBy) {
      const value = this.fieldOf(observation, field);
      // An event without the field cannot be shown to belong with the others.
      if (value === undefined || value === null || value === '') return undefined;
      group[field] = String(value);
    }
    return group;
  }
}

export interface CorrelationSetup {
  engine: CorrelationEngine;
  rejected: Rejection[];
  /** Detection rules that feed only correlations (`generate: false`): not reported alone. */
  silent: Set<DetectionRule>;
}

export class CorrelationEngine {
  private constructor(private readonly trackers: Tracker[]) {}

  /** Resolves rule references by id or name; a correlation naming an unknown rule is rejected. */
  static build(rules: readonly SigmaRule[]): CorrelationSetup {
    const byRef = new Map<string, SigmaRule>();
    for (const rule of rules) {
      if (rule.id) byRef.set(rule.id, rule);
      if (rule.name) byRef.set(rule.name, rule);
    }
    const rejected: Rejection[] = [];
    const silent = new Set<DetectionRule>();
    const trackers: Tracker[] = [];
    for (const rule of rules) {
      if (rule.kind !== 'correlation') continue;
      const indexOf = new Map<SigmaRule, number>();
      const missing = rule.rules.filter((ref) => !byRef.has(ref));
      if (missing.length > 0) {
        rejected.push({
          file: rule.file,
          line: rule.line,
          reason: `correlation: unknown rule ${missing.join(', ')}`,
          title: rule.title,
        });
        continue;
      }
      rule.rules.forEach((ref, i) => {
        const target = byRef.get(ref) as SigmaRule;
        if (!indexOf.has(target)) indexOf.set(target, i);
        if (!rule.generate && target.kind === 'detection') silent.add(target);
      });
      trackers.push(new Tracker(rule, indexOf));
    }
    return { engine: new CorrelationEngine(trackers), rejected, silent };
  }

  get active(): boolean {
    return this.trackers.length > 0;
  }

  /** Feeds one detection match; returns the correlations it completes, chained ones included. */
  observe(match: DetectionMatch): CorrelationAlert[] {
    if (match.event.time === undefined) return [];
    return this.feed({ rule: match.rule, time: match.event.time, get: match.get }, 0);
  }

  private feed(observation: Observation, depth: number): CorrelationAlert[] {
    const alerts: CorrelationAlert[] = [];
    // Chains deeper than this are cycles: a correlation that (indirectly) names itself.
    if (depth > 8) return alerts;
    for (const tracker of this.trackers) {
      for (const alert of tracker.observe(observation)) {
        alerts.push(alert);
        const chained = { rule: alert.rule, time: alert.time, get: (f: string) => alert.group[f] };
        alerts.push(...this.feed(chained, depth + 1));
      }
    }
    return alerts;
  }

  /** At the end of input: evaluates every open window. */
  finish(): CorrelationAlert[] {
    return this.trackers.flatMap((tracker) => tracker.sweep(Infinity, true));
  }

  /** Groups held across all correlations, for tests and memory reports. */
  get openGroups(): number {
    return this.trackers.reduce((n, t) => n + t.size, 0);
  }
}
