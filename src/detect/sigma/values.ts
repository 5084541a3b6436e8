/**
 * Compiles the values of one detection item (after modifiers) into a test on one field.
 *
 * Results are three-valued (see `Truth`): a comparison on a field the event does not carry is
 * `unknown`, not `false`, so that `not filter` on such a field stays unknown and cannot make a
 * rule fire. Only `null` and `exists` give a definite answer about absence.
 */
import { RE2JS } from 're2js';
import { cidrContains, parseIp } from './cidr.js';
import { ModifierError, asPattern, type RuleValue, type ModifierState } from './modifiers.js';
import { compilePattern, lowerPattern, type TextMatcher } from './pattern.js';
import { and3, or3, not3, type Truth } from './truth.js';

/** What a test may ask of the event besides the field it looks at (for `fieldref`). */
export interface FieldLookup {
  get(field: string): unknown;
}

export interface ValueTest {
  /** The result when the field is absent or null. */
  missing: Truth;
  /** `text` is the field's value as a string; `lower` the same in lower case. */
  test(text: string, lower: string, lookup: FieldLookup): Truth;
}

export interface ItemTest {
  /** Evaluates a field's texts and their lower-case forms; `undefined` texts mean absent. */
  evaluate(
    texts: readonly string[] | undefined,
    lowers: readonly string[],
    lookup: FieldLookup,
  ): Truth;
}

const REGEX_FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/** A field value as text: arrays are looked into by the caller, objects compared as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export function compileValue(value: RuleValue, state: ModifierState): ValueTest {
  const test = compileBare(value, state);
  if (!state.negate) return test;
  return {
    missing: not3(test.missing),
    test: (text, lower, lookup) => not3(test.test(text, lower, lookup)),
  };
}

function textTest(matcher: TextMatcher, cased: boolean): ValueTest {
  return cased
    ? { missing: undefined, test: (text) => matcher(text) }
    : { missing: undefined, test: (_text, lower) => matcher(lower) };
}

function compileBare(value: RuleValue, state: ModifierState): ValueTest {
  switch (value.kind) {
    case 'text':
    case 'pattern':
    case 'bool': {
      const pattern = asPattern(value, 'value');
      return textTest(compilePattern(state.cased ? pattern : lowerPattern(pattern)), state.cased);
    }
    case 'number': {
      const expected = String(value.value);
      const number = value.value;
      // EventID 4688 matches "4688" and 4688; "04688" is read as the same number.
      return {
        missing: undefined,
        test: (text) => text === expected || (text.trim() !== '' && Number(text) === number),
      };
    }
    case 'null':
      return { missing: true, test: () => false };
    case 'bytes':
      throw new ModifierError('an encoding modifier must be followed by base64 or base64offset');
    case 'regex':
      return regexTest(value.source, state.regexFlags);
    case 'cidr': {
      const range = value.range;
      return {
        missing: undefined,
        test: (text) => {
          const address = parseIp(text);
          return address !== undefined && cidrContains(range, address);
        },
      };
    }
    case 'compare':
      return compareTest(value.op, value.value);
    case 'exists': {
      const wanted = value.value;
      return { missing: !wanted, test: () => wanted };
    }
    case 'fieldref':
      return fieldrefTest(value.field, value.position, state.cased);
    case 'any': {
      const tests = value.values.map((v) => compileBare(v, state));
      return {
        missing: or3(tests.map((t) => t.missing)),
        test: (text, lower, lookup) => {
          let result: Truth = false;
          for (const t of tests) {
            const r = t.test(text, lower, lookup);
            if (r === true) return true;
            if (r === undefined) result = undefined;
          }
          return result;
        },
      };
    }
  }
}

function regexTest(source: string, flags: string): ValueTest {
  let mask = 0;
  for (const letter of flags) mask |= REGEX_FLAGS[letter] ?? 0;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, mask);
  } catch (error) {
    // RE2 refuses backreferences and lookaround: they cannot run in linear time.
    throw new ModifierError(`re: ${(error as Error).message}`);
  }
  return { missing: undefined, test: (text) => regex.test(text) };
}

function compareTest(op: 'lt' | 'lte' | 'gt' | 'gte', limit: number): ValueTest {
  const check = {
    lt: (n: number) => n < limit,
    lte: (n: number) => n <= limit,
    gt: (n: number) => n > limit,
    gte: (n: number) => n >= limit,
  }[op];
  return {
    missing: undefined,
    test: (text) => {
      const n = text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(n) && check(n);
    },
  };
}

function fieldrefTest(field: string, position: string, cased: boolean): ValueTest {
  return {
    missing: undefined,
    test: (text, lower, lookup) => {
      const other = lookup.get(field);
      if (other === undefined || other === null) return undefined;
      const target = cased ? scalarText(other) : scalarText(other).toLowerCase();
      const subject = cased ? text : lower;
      if (position === 'contains') return subject.includes(target);
      if (position === 'startswith') return subject.startsWith(target);
      if (position === 'endswith') return subject.endsWith(target);
      return subject === target;
    },
  };
}

/** Combines the tests of one item: any value (default) or every value (`|all`). */
export function compileItem(values: RuleValue[], state: ModifierState): ItemTest {
  const tests = values.map((value) => compileValue(value, state));
  const combine = state.all ? and3 : or3;
  const missing = combine(tests.map((t) => t.missing));
  return {
    evaluate(texts, lowers, lookup) {
      if (texts === undefined) return missing;
      // A multi-valued field matches when any of its values does.
      let result: Truth = false;
      for (let i = 0; i < texts.length; i += 1) {
        const text = texts[i] as string;
        const r = combineTests(tests, state.all, text, lowers[i] ?? text.toLowerCase(), lookup);
        if (r === true) return true;
        if (r === undefined) result = undefined;
      }
      return result;
    },
  };
}

function combineTests(
  tests: readonly ValueTest[],
  all: boolean,
  text: string,
  lower: string,
  lookup: FieldLookup,
): Truth {
  // Hot path: written as a loop rather than map + and3/or3 to allocate nothing per value.
  let result: Truth = all;
  for (const t of tests) {
    const r = t.test(text, lower, lookup);
    if (r === !all) return r;
    if (r === undefined) result = undefined;
  }
  return result;
}
