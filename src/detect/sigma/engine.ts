/**
 * Evaluates events against detection rules. Rules are indexed by log source: an event is only
 * tried against rules whose `logsource` can apply to it, and the selection is cached per kind
 * of event (channel, event id), so routing costs one map look-up per event.
 */
import type { SigmaEvent } from './event.js';
import { AhoCorasick } from './aho.js';
import { ANY_FIELD } from './prefilter.js';
import { appliesTo, LogsourceRouter, type LogsourceTag } from './logsource.js';
import type { DetectionRule, EvalContext, FieldTexts } from './model.js';
import { scalarText } from './values.js';

export interface DetectionMatch {
  rule: DetectionRule;
  event: SigmaEvent;
  /** The fields whose conditions held, with the event's values (under Sigma's names). */
  fields: Record<string, unknown>;
  /** Reads any field of the event under Sigma's names (for correlation group-by). */
  get(field: string): unknown;
}

interface Candidate {
  rule: DetectionRule;
  fieldMap: Readonly<Record<string, string>> | undefined;
}

/** Field texts of one event by the event's own field names, shared by every view of it. */
class EventTexts {
  private readonly cache = new Map<string, FieldTexts | undefined>();
  private all?: FieldTexts;
  constructor(readonly event: SigmaEvent) {}

  /** Every value of the event with its lower-case form, gathered once for keyword rules. */
  everything(): FieldTexts {
    if (!this.all) {
      const texts = Array.from(this.event.values());
      this.all = { texts, lowers: texts.map((text) => text.toLowerCase()) };
    }
    return this.all;
  }

  get(field: string): FieldTexts | undefined {
    if (this.cache.has(field)) return this.cache.get(field);
    if (field === ANY_FIELD) return this.everything();
    const value = this.event.get(field);
    let found: FieldTexts | undefined;
    if (value !== undefined && value !== null) {
      const items = Array.isArray(value)
        ? value.filter((v) => v !== null && v !== undefined)
        : [value];
      const texts = items.map(scalarText);
      found = items.length ? { texts, lowers: texts.map((t) => t.toLowerCase()) } : undefined;
    }
    this.cache.set(field, found);
    return found;
  }
}

/** The event seen through one log source's field renames. */
class Context implements EvalContext {
  matched?: Set<string>;

  constructor(
    private readonly shared: EventTexts,
    private readonly fieldMap: Readonly<Record<string, string>> | undefined,
  ) {}

  get event(): SigmaEvent {
    return this.shared.event;
  }

  get(field: string): unknown {
    return this.shared.event.get(this.fieldMap?.[field] ?? field);
  }

  fieldTexts(field: string): FieldTexts | undefined {
    return this.shared.get(this.fieldMap?.[field] ?? field);
  }

  keywordTexts(): FieldTexts {
    return this.shared.everything();
  }
}

/**
 * The rules for one kind of event, with one automaton per field over the literals the rules
 * need: a single pass over each field finds the few rules worth evaluating.
 */
class RoutePlan {
  private readonly always: number[];
  private readonly fields: { field: string; automaton: AhoCorasick }[] = [];
  private readonly owners: number[][] = [];
  private readonly seen: Uint32Array;
  private epoch = 0;

  constructor(
    readonly candidates: readonly Candidate[],
    prefilter: boolean,
  ) {
    this.always = candidates.flatMap((c, i) => (c.rule.need === null || !prefilter ? [i] : []));
    this.seen = new Uint32Array(candidates.length);
    const byField = new Map<string, Map<string, number>>();
    candidates.forEach(({ rule, fieldMap }, index) => {
      for (const atom of (prefilter && rule.need) || []) {
        const field = fieldMap?.[atom.field] ?? atom.field;
        let literals = byField.get(field);
        if (!literals) byField.set(field, (literals = new Map()));
        let id = literals.get(atom.literal);
        if (id === undefined) {
          id = this.owners.length;
          this.owners.push([]);
          literals.set(atom.literal, id);
        }
        const owners = this.owners[id] as number[];
        if (owners[owners.length - 1] !== index) owners.push(index);
      }
    });
    for (const [field, literals] of byField) {
      this.fields.push({ field, automaton: new AhoCorasick(literals) });
    }
  }

  /** Indices of the candidates that may match, in rule order. */
  select(texts: EventTexts): number[] {
    this.epoch += 1;
    const epoch = this.epoch;
    const out: number[] = [...this.always];
    for (const index of this.always) this.seen[index] = epoch;
    const mark = (id: number): void => {
      for (const owner of this.owners[id] as number[]) {
        if (this.seen[owner] === epoch) continue;
        this.seen[owner] = epoch;
        out.push(owner);
      }
    };
    for (const { field, automaton } of this.fields) {
      const found = texts.get(field);
      if (found) for (const lower of found.lowers) automaton.search(lower, mark);
    }
    // Rule order keeps the output the same from run to run.
    return out.sort((a, b) => a - b);
  }
}

export class SigmaEngine {
  private readonly router: LogsourceRouter;
  private readonly byCategory = new Map<string, DetectionRule[]>();
  private readonly routes = new Map<string, RoutePlan>();
  /** Plans by their rule set: many kinds of event share one, and automata are costly to build. */
  private readonly plans = new Map<string, RoutePlan>();
  private readonly ruleIndex = new Map<DetectionRule, number>();
  private readonly mapIds = new Map<unknown, number>();

  constructor(
    readonly rules: readonly DetectionRule[],
    router: LogsourceRouter = new LogsourceRouter(),
    /** Off only to check, in tests, that the literal index never hides a match. */
    private readonly prefilter = true,
  ) {
    this.router = router;
    rules.forEach((rule, index) => this.ruleIndex.set(rule, index));
    for (const rule of rules) {
      const key = rule.logsource.category ?? '';
      this.byCategory.set(key, [...(this.byCategory.get(key) ?? []), rule]);
    }
  }

  /** The rules (and field renames) that apply to an event, cached by kind of event. */
  private plan(event: SigmaEvent): RoutePlan {
    const tags = this.router.tags(event);
    const key = this.router.routeKey(event, tags);
    let found = this.routes.get(key);
    if (!found) {
      found = this.shared(this.select(tags));
      // Event kinds are few (channel x event id); the cap guards against adapters whose
      // declared log sources vary per event.
      if (this.routes.size < 10_000) this.routes.set(key, found);
    }
    return found;
  }

  private shared(candidates: Candidate[]): RoutePlan {
    const signature = candidates
      .map(({ rule, fieldMap }) => {
        let mapId = this.mapIds.get(fieldMap);
        if (mapId === undefined) this.mapIds.set(fieldMap, (mapId = this.mapIds.size));
        return `${this.ruleIndex.get(rule)}:${mapId}`;
      })
      .join(',');
    let plan = this.plans.get(signature);
    if (!plan) this.plans.set(signature, (plan = new RoutePlan(candidates, this.prefilter)));
    return plan;
  }

  /** The rules whose log source applies to an event, before any literal is looked for. */
  candidates(event: SigmaEvent): readonly Candidate[] {
    return this.plan(event).candidates;
  }

  private select(tags: readonly LogsourceTag[]): Candidate[] {
    const seen = new Set<DetectionRule>();
    const out: Candidate[] = [];
    for (const tag of tags) {
      for (const rule of this.byCategory.get(tag.category ?? '') ?? []) {
        if (seen.has(rule) || !appliesTo(rule.logsource, tag)) continue;
        seen.add(rule);
        out.push({ rule, fieldMap: tag.fieldMap });
      }
    }
    return out;
  }

  evaluate(event: SigmaEvent): DetectionMatch[] {
    const plan = this.plan(event);
    const texts = new EventTexts(event);
    const matches: DetectionMatch[] = [];
    const contexts = new Map<unknown, Context>();
    for (const index of plan.select(texts)) {
      const { rule, fieldMap } = plan.candidates[index] as Candidate;
      let ctx = contexts.get(fieldMap);
      if (!ctx) contexts.set(fieldMap, (ctx = new Context(texts, fieldMap)));
      if (rule.predicate(ctx) !== true) continue;
      const view = ctx;
      matches.push({ rule, event, fields: explain(rule, ctx), get: (field) => view.get(field) });
    }
    return matches;
  }
}

/** Runs a matching rule again, recording which fields held; only paid for on a match. */
function explain(rule: DetectionRule, ctx: Context): Record<string, unknown> {
  ctx.matched = new Set();
  rule.predicate(ctx);
  const fields: Record<string, unknown> = {};
  for (const field of [...ctx.matched].sort()) {
    const value = ctx.get(field);
    fields[field] = Array.isArray(value) ? value.map(scalarText) : value;
  }
  ctx.matched = undefined;
  return fields;
}
