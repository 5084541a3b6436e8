/**
 * A hunt: records in, alerts out. Detection matches become alerts (unless the rule only feeds
 * correlations), correlations are fed every match, and alerts below the minimum level are
 * dropped. Each alert keeps its rule's author, as the Detection Rule License requires.
 */
import type { Logger } from '../../core/logger.js';
import type { Problem } from '../../core/problems.js';
import { CorrelationEngine, type CorrelationAlert } from './correlation.js';
import { SigmaEngine, type DetectionMatch } from './engine.js';
import { levelRank, type DetectionRule, type Level, type SigmaRule } from './model.js';
import type { SigmaRecordItem } from './records.js';

export interface Alert {
  kind: 'detection' | 'correlation';
  ruleId?: string;
  title: string;
  level?: Level;
  author?: string;
  tags: readonly string[];
  /** Where the event was read (detections only). */
  input?: string;
  location?: string;
  /** Event time, ISO 8601 UTC. */
  time?: string;
  /** Matched fields (detections), or group values and the measured value (correlations). */
  fields: Record<string, unknown>;
}

export type HuntItem = { kind: 'alert'; alert: Alert } | { kind: 'problem'; problem: Problem };

export interface HuntSummary {
  events: number;
  alerts: number;
  problems: number;
}

export interface HuntOptions {
  minLevel?: Level;
  logger?: Logger;
}

export class Hunt {
  readonly detections: SigmaEngine;
  readonly correlations: CorrelationEngine;
  private readonly silent: Set<DetectionRule>;
  readonly summary: HuntSummary = { events: 0, alerts: 0, problems: 0 };

  constructor(
    rules: readonly SigmaRule[],
    private readonly options: HuntOptions = {},
  ) {
    const setup = CorrelationEngine.build(rules);
    this.correlations = setup.engine;
    this.silent = setup.silent;
    for (const rejection of setup.rejected) {
      options.logger?.warn('correlation rejected', {
        file: rejection.file,
        reason: rejection.reason,
      });
    }
    this.detections = new SigmaEngine(
      rules.filter((r): r is DetectionRule => r.kind === 'detection'),
    );
  }

  async *run(records: AsyncIterable<SigmaRecordItem>): AsyncIterable<HuntItem> {
    for await (const item of records) {
      if (item.kind === 'problem') {
        this.summary.problems += 1;
        yield item;
        continue;
      }
      this.summary.events += 1;
      const { event, input, location } = item.record;
      for (const match of this.detections.evaluate(event))
        yield* this.matched(match, input, location);
    }
    yield* this.finish();
  }

  /** Reports one detection match and feeds it to the correlations. */
  *matched(match: DetectionMatch, input: string, location: string): Iterable<HuntItem> {
    if (!this.silent.has(match.rule)) yield* this.emit(detectionAlert(match, input, location));
    for (const alert of this.correlations.observe(match)) yield* this.emit(correlationAlert(alert));
  }

  /** At the end of input: the correlations whose windows close only now. */
  *finish(): Iterable<HuntItem> {
    for (const alert of this.correlations.finish()) yield* this.emit(correlationAlert(alert));
  }

  private *emit(alert: Alert): Iterable<HuntItem> {
    if (this.options.minLevel && levelRank(alert.level) < levelRank(this.options.minLevel)) return;
    this.summary.alerts += 1;
    yield { kind: 'alert', alert };
  }
}

/** The fields correlations read from matches: group-by fields, alias targets, value fields. */
export function correlationFields(rules: readonly SigmaRule[]): string[] {
  const fields = new Set<string>();
  for (const rule of rules) {
    if (rule.kind !== 'correlation') continue;
    for (const field of rule.groupBy) fields.add(field);
    if (rule.field) fields.add(rule.field);
    for (const perRule of Object.values(rule.aliases)) {
      for (const field of Object.values(perRule)) fields.add(field);
    }
  }
  return [...fields];
}

function ruleFields(
  rule: SigmaRule,
): Pick<Alert, 'ruleId' | 'title' | 'level' | 'author' | 'tags'> {
  return {
    ...(rule.id ? { ruleId: rule.id } : {}),
    title: rule.title,
    ...(rule.level ? { level: rule.level } : {}),
    ...(rule.author ? { author: rule.author } : {}),
    tags: rule.tags,
  };
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

function detectionAlert(match: DetectionMatch, input: string, location: string): Alert {
  const time = iso(match.event.time);
  return {
    kind: 'detection',
    ...ruleFields(match.rule),
    input,
    location,
    ...(time ? { time } : {}),
    fields: match.fields,
  };
}

function correlationAlert(alert: CorrelationAlert): Alert {
  const time = iso(alert.time);
  return {
    kind: 'correlation',
    ...ruleFields(alert.rule),
    ...(time ? { time } : {}),
    fields: { ...alert.group, [alert.rule.type]: alert.value, first_time: iso(alert.firstTime) },
  };
}
