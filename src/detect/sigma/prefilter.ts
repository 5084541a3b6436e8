/**
 * What a rule needs to see before it can match: a set of (field, literal) pairs of which at
 * least one must occur (as a lower-case substring of the field) in any event the rule matches.
 * Derived from the detection conservatively: anything that is not a positive string match
 * (negation, null, numbers, regular expressions, comparisons) yields no requirement, and such
 * a rule is always evaluated.
 */
import type { ModifierState, RuleValue } from './modifiers.js';
import { parsePattern, type Pattern } from './pattern.js';

/** The pseudo-field of keyword searches: any value of the event. */
export const ANY_FIELD = '\u0000any';

export interface Atom {
  field: string;
  literal: string;
}

/** Atoms of which one must hold; `null` when nothing can be required. */
export type Need = readonly Atom[] | null;

function longestLiteral(pattern: Pattern): string | null {
  let best = '';
  for (const token of pattern)
    if (token.t === 'lit' && token.s.length > best.length) best = token.s;
  return best ? best.toLowerCase() : null;
}

/** Literals of which one must occur, one per value (or alternative). */
function literalsOf(value: RuleValue): string[] | null {
  switch (value.kind) {
    case 'text':
    case 'pattern': {
      const literal = longestLiteral(
        value.kind === 'text' ? parsePattern(value.raw) : value.pattern,
      );
      return literal ? [literal] : null;
    }
    case 'regex': {
      const literal = regexLiteral(value.source);
      return literal ? [literal] : null;
    }
    case 'any': {
      const all: string[] = [];
      for (const alternative of value.values) {
        const found = literalsOf(alternative);
        if (!found) return null;
        all.push(...found);
      }
      return all;
    }
    default:
      return null;
  }
}

const ESCAPED_LITERAL = /[\\.^$|?*+()[\]{}\/\-'"`~!@#%&=:;,<>\s]/;

/**
 * The longest run of plain characters that every match of a regular expression contains:
 * only top-level text counts (groups, classes and anything quantified to zero end a run), and
 * a top-level alternation gives up. Conservative by construction: any doubt ends the run.
 */
export function regexLiteral(source: string): string | null {
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i] as string;
    if (inClass) {
      if (c === '\\') i += 1;
      else if (c === ']') inClass = false;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i += 1;
      // Escaped punctuation is that character; \d, \w, \b and friends are not literals.
      if (ESCAPED_LITERAL.test(next)) {
        if (depth === 0) run += next;
        continue;
      }
      end();
      i = skipEscapeBody(source, i, next);
    } else if (c === '(') {
      depth += 1;
      end();
    } else if (c === ')') {
      depth -= 1;
      end();
    } else if (c === '[') {
      inClass = true;
      end();
    } else if (c === '|') {
      if (depth === 0) return null;
    } else if (depth > 0) {
      continue;
    } else if (c === '?' || c === '*' || (c === '{' && /^\{0*[,}]/.test(source.slice(i)))) {
      // The character before is optional: drop it from the run.
      run = run.slice(0, -1);
      end();
      if (c === '{') i = closing(source, i);
    } else if (c === '{') {
      end();
      i = closing(source, i);
    } else if (c === '+' || c === '.' || c === '^' || c === '$') {
      end();
    } else run += c;
  }
  end();
  return best.length >= 3 ? best.toLowerCase() : null;
}

/** The index of the `}` closing a brace at `at` (or the end). */
function closing(source: string, at: number): number {
  const found = source.indexOf('}', at);
  return found < 0 ? source.length : found;
}

/** Skips what follows an escape letter: `\x41`, `\x{41}`, `\u0041`, `\p{L}`, `\cM`, `\012`. */
function skipEscapeBody(source: string, at: number, letter: string): number {
  if ((letter === 'x' || letter === 'p' || letter === 'P') && source[at + 1] === '{') {
    return closing(source, at + 1);
  }
  if (letter === 'x') return at + 2;
  if (letter === 'u') return at + 4;
  if (letter === 'p' || letter === 'P' || letter === 'c') return at + 1;
  if (/[0-7]/.test(letter)) {
    let i = at;
    while (/[0-7]/.test(source[i + 1] ?? '')) i += 1;
    return i;
  }
  return at;
}

export function itemNeed(field: string, values: readonly RuleValue[], state: ModifierState): Need {
  if (state.negate || state.timePart) return null;
  const perValue = values.map(literalsOf);
  if (state.all) {
    // Every value must match, so any one value's literals will do: take the most selective.
    const usable = perValue.filter((l): l is string[] => l !== null);
    if (usable.length === 0) return null;
    const best = usable.reduce((a, b) => (score(b) > score(a) ? b : a));
    return best.map((literal) => ({ field, literal }));
  }
  if (perValue.some((l) => l === null)) return null;
  return (perValue as string[][]).flat().map((literal) => ({ field, literal }));
}

function score(literals: readonly string[]): number {
  // Longer literals are rarer; fewer alternatives mean fewer chances to pass.
  return Math.min(...literals.map((l) => l.length)) - literals.length / 100;
}

function needScore(need: Need): number {
  return need === null ? -Infinity : score(need.map((a) => a.literal));
}

/** AND: either side's requirement is necessary; keep the more selective. */
export function bothNeed(needs: readonly Need[]): Need {
  let best: Need = null;
  for (const need of needs) if (needScore(need) > needScore(best)) best = need;
  return best;
}

/** OR: one of the sides must hold, so their requirements unite. */
export function eitherNeed(needs: readonly Need[]): Need {
  const all: Atom[] = [];
  for (const need of needs) {
    if (need === null) return null;
    all.push(...need);
  }
  return all;
}
