/**
 * Compiles a rule's `detection` section: each named search becomes a predicate, and the
 * condition combines them. Maps are AND, lists are OR, a bare value or list of values is a
 * keyword search across the whole event (matched as a substring, as full-text search would).
 */
import { ConditionError, namesFor, parseCondition, type ConditionNode } from './condition.js';
import type { EvalContext, Predicate } from './model.js';
import { applyModifiers, ModifierError, type ModifierState, type RuleValue } from './modifiers.js';
import { ANY_FIELD, bothNeed, eitherNeed, itemNeed, type Need } from './prefilter.js';
import { and3, not3, type Truth } from './truth.js';
import { compileItem, compileValue, scalarText, type ValueTest } from './values.js';

export class DetectionError extends Error {
  constructor(
    message: string,
    /** The named search the problem is in, to point at its line. */
    readonly search?: string,
  ) {
    super(message);
  }
}

export interface DetectionOptions {
  placeholders: ReadonlyMap<string, readonly string[]>;
}

type Yaml = unknown;

/** A compiled piece of detection and what an event must contain for it to be true. */
interface Compiled {
  predicate: Predicate;
  need: Need;
}

export interface CompiledDetection {
  predicate: Predicate;
  need: Need;
}

function isMap(value: Yaml): value is Record<string, Yaml> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toRuleValue(value: Yaml): RuleValue {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'text', raw: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  throw new ModifierError('a value must be a string, number, boolean or null');
}

function freshState(options: DetectionOptions): ModifierState {
  return {
    all: false,
    cased: false,
    negate: false,
    regexFlags: '',
    placeholders: options.placeholders,
  };
}

const TIME_PARTS = {
  minute: (d: Date) => d.getUTCMinutes(),
  hour: (d: Date) => d.getUTCHours(),
  day: (d: Date) => d.getUTCDate(),
  week: (d: Date) => isoWeek(d),
  month: (d: Date) => d.getUTCMonth() + 1,
  year: (d: Date) => d.getUTCFullYear(),
};

function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The texts of a field value: `undefined` when absent or null; arrays give each element. */
function fieldTexts(value: unknown, timePart: ModifierState['timePart']): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined) : [value];
  if (items.length === 0) return undefined;
  const texts = items.map(scalarText);
  if (!timePart) return texts;
  return texts.flatMap((text) => {
    const ms = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
    return Number.isNaN(ms) ? [] : [String(TIME_PARTS[timePart](new Date(ms)))];
  });
}

function compileFieldItem(key: string, value: Yaml, options: DetectionOptions): Compiled {
  const [field = '', ...modifiers] = key.split('|');
  const state = freshState(options);
  if (isMap(value)) throw new ModifierError(`'${key}' holds a map; a value or list is expected`);
  const raw = Array.isArray(value) ? value : [value];
  if (raw.length === 0) throw new ModifierError(`'${key}' has an empty list of values`);
  const values = applyModifiers(modifiers, raw.map(toRuleValue), state);
  if (field === '') return compileKeywords(values, state);

  const item = compileItem(values, state);
  const timePart = state.timePart;
  const evaluate: Predicate = timePart
    ? (ctx) => {
        const texts = fieldTexts(ctx.get(field), timePart);
        return item.evaluate(texts, texts?.map((t) => t.toLowerCase()) ?? [], ctx);
      }
    : (ctx) => {
        const found = ctx.fieldTexts(field);
        return found
          ? item.evaluate(found.texts, found.lowers, ctx)
          : item.evaluate(undefined, [], ctx);
      };
  const predicate: Predicate = (ctx) => {
    const result = evaluate(ctx);
    if (result === true && ctx.matched) ctx.matched.add(field);
    return result;
  };
  return { predicate, need: itemNeed(field, values, state) };
}

function compileKeywords(values: RuleValue[], state: ModifierState): Compiled {
  // Keywords are searched as substrings unless the rule already placed wildcards.
  const wrapped = values.map(
    (value) => applyModifiers(value.kind === 'text' ? ['contains'] : [], [value], state)[0],
  ) as RuleValue[];
  const tests: ValueTest[] = wrapped.map((value) => compileValue(value, state));
  const any = (test: ValueTest, ctx: EvalContext): boolean => {
    const { texts, lowers } = ctx.keywordTexts();
    for (let i = 0; i < texts.length; i += 1) {
      if (test.test(texts[i] as string, lowers[i] as string, ctx) === true) return true;
    }
    return false;
  };
  const predicate: Predicate = state.all
    ? (ctx) => tests.every((test) => any(test, ctx))
    : (ctx) => tests.some((test) => any(test, ctx));
  return { predicate, need: itemNeed(ANY_FIELD, wrapped, state) };
}

function compileMap(map: Record<string, Yaml>, options: DetectionOptions): Compiled {
  const compiled = Object.entries(map).map(([key, value]) => compileFieldItem(key, value, options));
  const need = bothNeed(compiled.map((c) => c.need));
  const items = compiled.map((c) => c.predicate);
  if (items.length === 1) return { predicate: items[0] as Predicate, need };
  const predicate: Predicate = (ctx) => {
    let result: Truth = true;
    for (const item of items) {
      const r = item(ctx);
      if (r === false) return false;
      if (r === undefined) result = undefined;
    }
    return result;
  };
  return { predicate, need };
}

function anyOf(predicates: Predicate[]): Predicate {
  if (predicates.length === 1) return predicates[0] as Predicate;
  return (ctx) => {
    let result: Truth = false;
    for (const predicate of predicates) {
      const r = predicate(ctx);
      if (r === true) return true;
      if (r === undefined) result = undefined;
    }
    return result;
  };
}

function compileSearch(definition: Yaml, options: DetectionOptions): Compiled {
  if (isMap(definition)) return compileMap(definition, options);
  if (Array.isArray(definition)) {
    if (definition.length === 0) throw new ModifierError('an empty list matches nothing');
    const keywords = definition.filter((item) => !isMap(item));
    const maps = definition.filter(isMap).map((map) => compileMap(map, options));
    const parts = keywords.length
      ? [compileKeywords(keywords.map(toRuleValue), freshState(options))]
      : [];
    const all = [...parts, ...maps];
    return {
      predicate: anyOf(all.map((c) => c.predicate)),
      need: eitherNeed(all.map((c) => c.need)),
    };
  }
  if (definition === null || definition === undefined)
    throw new ModifierError('the search is empty');
  return compileKeywords([toRuleValue(definition)], freshState(options));
}

function compileCondition(node: ConditionNode, searches: Map<string, Compiled>): Compiled {
  switch (node.kind) {
    case 'and': {
      const left = compileCondition(node.left, searches);
      const right = compileCondition(node.right, searches);
      const [l, r] = [left.predicate, right.predicate];
      return {
        predicate: (ctx) => {
          const a = l(ctx);
          return a === false ? false : and3([a, r(ctx)]);
        },
        need: bothNeed([left.need, right.need]),
      };
    }
    case 'or': {
      const left = compileCondition(node.left, searches);
      const right = compileCondition(node.right, searches);
      const [l, r] = [left.predicate, right.predicate];
      return {
        predicate: (ctx) => {
          const a = l(ctx);
          if (a === true) return true;
          const b = r(ctx);
          return b === true ? true : a === undefined || b === undefined ? undefined : false;
        },
        need: eitherNeed([left.need, right.need]),
      };
    }
    case 'not': {
      const operand = compileCondition(node.operand, searches).predicate;
      // A negation requires nothing that can be looked for in advance.
      return { predicate: (ctx) => not3(operand(ctx)), need: null };
    }
    case 'ref': {
      const search = searches.get(node.name);
      if (!search) {
        throw new ConditionError(`the condition names '${node.name}', which is not defined`);
      }
      return search;
    }
    case 'quantified': {
      const names = namesFor(node.target, [...searches.keys()]);
      if (names.length === 0) throw new ConditionError(`'${node.target}' matches no search`);
      const compiled = names.map((name) => searches.get(name) as Compiled);
      const parts = compiled.map((c) => c.predicate);
      const needed = node.quantifier === 'all' ? parts.length : node.quantifier;
      const needs = compiled.map((c) => c.need);
      return {
        predicate: (ctx) => {
          let yes = 0;
          let unknown = 0;
          for (const part of parts) {
            const r = part(ctx);
            if (r === true) yes += 1;
            else if (r === undefined) unknown += 1;
            if (yes >= needed) return true;
          }
          return yes + unknown >= needed ? undefined : false;
        },
        // All of them: any one's requirement holds; some of them: one of theirs must.
        need: needed === parts.length ? bothNeed(needs) : eitherNeed(needs),
      };
    }
  }
}

export function compileDetection(detection: Yaml, options: DetectionOptions): CompiledDetection {
  if (!isMap(detection)) throw new DetectionError('detection must be a map');
  const searches = new Map<string, Compiled>();
  for (const [name, definition] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    try {
      searches.set(name, compileSearch(definition, options));
    } catch (error) {
      if (error instanceof ModifierError) {
        throw new DetectionError(`${name}: ${error.message}`, name);
      }
      throw error;
    }
  }
  if (detection['timeframe'] !== undefined) {
    throw new DetectionError('timeframe (Sigma v1) is not supported: use a correlation rule');
  }

  const condition = detection['condition'];
  const texts = typeof condition === 'string' ? [condition] : condition;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) {
    throw new DetectionError('condition must be a string or a list of strings');
  }
  try {
    const compiled = texts.map((text) =>
      compileCondition(parseCondition(text as string), searches),
    );
    return {
      predicate: anyOf(compiled.map((c) => c.predicate)),
      need: eitherNeed(compiled.map((c) => c.need)),
    };
  } catch (error) {
    if (error instanceof ConditionError) throw new DetectionError(`condition: ${error.message}`);
    throw error;
  }
}
