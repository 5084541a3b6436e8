/**
 * Evaluates events against detection rules. Rules are indexed by log source: an event is only
 * tried against rules whose `logsource` can apply to it, and the selection is cached per kind
 * of event (channel, event id), so routing costs one map look-up per event.
 */
import type { SigmaEvent } from './event.js';
import { appliesTo, LogsourceRouter, type LogsourceTag } from './logsource.js';
import type { DetectionRule, EvalContext } from './model.js';
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

class Context implements EvalContext {
  matched?: Set<string>;
  private texts?: (readonly [string, string])[];

  constructor(
    readonly event: SigmaEvent,
    private readonly fieldMap: Readonly<Record<string, string>> | undefined,
  ) {}

  get(field: string): unknown {
    return this.event.get(this.fieldMap?.[field] ?? field);
  }

  keywordTexts(): readonly (readonly [string, string])[] {
    // Keyword rules are few; the event's texts are gathered once and shared among them.
    this.texts ??= Array.from(this.event.values(), (text) => [text, text.toLowerCase()] as const);
    return this.texts;
  }
}

export class SigmaEngine {
  private readonly router: LogsourceRouter;
  private readonly byCategory = new Map<string, DetectionRule[]>();
  private readonly routes = new Map<string, Candidate[]>();

  constructor(
    readonly rules: readonly DetectionRule[],
    router: LogsourceRouter = new LogsourceRouter(),
  ) {
    this.router = router;
    for (const rule of rules) {
      const key = rule.logsource.category ?? '';
      this.byCategory.set(key, [...(this.byCategory.get(key) ?? []), rule]);
    }
  }

  /** The rules (and field renames) that apply to an event, cached by kind of event. */
  candidates(event: SigmaEvent): Candidate[] {
    const tags = this.router.tags(event);
    const key = this.router.routeKey(event, tags);
    let found = this.routes.get(key);
    if (!found) {
      found = this.select(tags);
      // Event kinds are few (channel x event id); the cap guards against adapters whose
      // declared log sources vary per event.
      if (this.routes.size < 10_000) this.routes.set(key, found);
    }
    return found;
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
    const matches: DetectionMatch[] = [];
    const contexts = new Map<unknown, Context>();
    for (const { rule, fieldMap } of this.candidates(event)) {
      let ctx = contexts.get(fieldMap);
      if (!ctx) contexts.set(fieldMap, (ctx = new Context(event, fieldMap)));
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
