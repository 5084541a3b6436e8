/**
 * The rule model: what a loaded rule is, after validation and compilation. Detection rules
 * carry a compiled predicate; correlation rules name the rules they aggregate.
 */
import type { SigmaEvent } from './event.js';
import type { Logsource } from './logsource.js';
import type { Need } from './prefilter.js';
import type { Truth } from './truth.js';
import type { FieldLookup } from './values.js';

/** Sigma's severities, in order: how urgently an analyst should look at a match. */
export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level | undefined): number {
  return level === undefined ? -1 : LEVELS.indexOf(level);
}

export interface RuleMeta {
  id?: string;
  name?: string;
  title: string;
  level?: Level;
  /** Kept with every alert: the Detection Rule License (DRL 1.1) requires it. */
  author?: string;
  status?: string;
  description?: string;
  tags: readonly string[];
  file: string;
  line: number;
}

/** What a compiled detection needs from the event while it is evaluated. */
export interface EvalContext extends FieldLookup {
  event: SigmaEvent;
  /**
   * The texts of a field (one per array element) with their lower-case forms, cached per
   * event: hundreds of rules test `Image` on the same event. `undefined` when absent or null.
   */
  fieldTexts(field: string): FieldTexts | undefined;
  /** Every scalar value of the event, as text and lower-cased, cached for keyword items. */
  keywordTexts(): FieldTexts;
  /** Filled with the fields whose items were true, when a match is being explained. */
  matched?: Set<string>;
}

export interface FieldTexts {
  texts: readonly string[];
  lowers: readonly string[];
}

export type Predicate = (ctx: EvalContext) => Truth;

export interface DetectionRule extends RuleMeta {
  kind: 'detection';
  logsource: Logsource;
  predicate: Predicate;
  /** Literals one of which an event must contain to match (`null`: no such requirement). */
  need: Need;
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export type CountOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

export interface CorrelationRule extends RuleMeta {
  kind: 'correlation';
  type: CorrelationType;
  /** Ids or names of the rules correlated, in the order given (order matters when ordered). */
  rules: readonly string[];
  groupBy: readonly string[];
  timespanMs: number;
  /** Conditions ANDed together (`gt: 100, lte: 200` is a range). */
  condition: readonly { op: CountOp; value: number }[];
  /** The field counted or summed (`condition.field`). */
  field?: string;
  percentile?: number;
  /** alias -> rule id or name -> event field. */
  aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the correlated rules also report their own matches. */
  generate: boolean;
}

export type SigmaRule = DetectionRule | CorrelationRule;

/** A rule that could not be loaded, with where and why. */
export interface Rejection {
  file: string;
  line: number;
  reason: string;
  title?: string;
  id?: string;
}
