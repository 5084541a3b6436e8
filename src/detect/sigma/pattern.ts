/**
 * Sigma strings: literal text with the `*` and `?` wildcards, and `\` escaping `*`, `?` and
 * itself (a backslash before any other character is literal, so `C:\Windows` needs no doubling).
 * A pattern compiles to a matcher that runs in O(text x pattern) time without backtracking
 * across stars, so hostile field values cannot make it slow.
 */

export type PatternToken =
  | { t: 'lit'; s: string }
  | { t: 'star' }
  | { t: 'one' }
  /** One character out of a set: what `windash` puts in place of a dash. */
  | { t: 'class'; chars: string };

export type Pattern = PatternToken[];

export function parsePattern(text: string): Pattern {
  const tokens: Pattern = [];
  let literal = '';
  const flush = (): void => {
    if (literal) tokens.push({ t: 'lit', s: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        i += 1;
      } else literal += c;
    } else if (c === '*' || c === '?') {
      flush();
      tokens.push(c === '*' ? { t: 'star' } : { t: 'one' });
    } else literal += c;
  }
  flush();
  return tokens;
}

export function literalPattern(text: string): Pattern {
  return text ? [{ t: 'lit', s: text }] : [];
}

export function hasWildcards(pattern: Pattern): boolean {
  return pattern.some((token) => token.t !== 'lit');
}

export function patternText(pattern: Pattern): string {
  return pattern
    .map((token) => {
      switch (token.t) {
        case 'lit':
          return token.s.replace(/[\\*?]/g, '\\$&');
        case 'star':
          return '*';
        case 'one':
          return '?';
        case 'class':
          return `[${token.chars}]`;
      }
    })
    .join('');
}

/** Merges adjacent literals and collapses runs of stars. */
export function normalise(pattern: Pattern): Pattern {
  const out: Pattern = [];
  for (const token of pattern) {
    const last = out[out.length - 1];
    if (token.t === 'lit' && last?.t === 'lit')
      out[out.length - 1] = { t: 'lit', s: last.s + token.s };
    else if (token.t === 'star' && last?.t === 'star') continue;
    else if (token.t !== 'lit' || token.s) out.push(token);
  }
  return out;
}

export function lowerPattern(pattern: Pattern): Pattern {
  return pattern.map((token) => {
    if (token.t === 'lit') return { t: 'lit', s: token.s.toLowerCase() };
    if (token.t === 'class') return { t: 'class', chars: token.chars.toLowerCase() };
    return token;
  });
}

export type TextMatcher = (text: string) => boolean;

/** One position of a segment between stars: a character, any character, or a set. */
type Unit = string | null | { chars: string };

/**
 * Compiles with fast paths for the shapes that make up nearly all Sigma values (exact, prefix,
 * suffix, substring), and a segment matcher for the rest.
 */
export function compilePattern(input: Pattern): TextMatcher {
  const pattern = normalise(input);
  const simple = simpleShape(pattern);
  if (simple) return simple;

  // Split into segments between stars; each segment is matched leftmost-first, which is
  // optimal for star-only globs and keeps the cost linear in the text per segment.
  const segments: Unit[][] = [[]];
  for (const token of pattern) {
    if (token.t === 'star') segments.push([]);
    else {
      const current = segments[segments.length - 1] as Unit[];
      if (token.t === 'lit') for (const c of token.s) current.push(c);
      else current.push(token.t === 'one' ? null : { chars: token.chars });
    }
  }
  const anchoredStart = pattern[0]?.t !== 'star';
  const anchoredEnd = pattern[pattern.length - 1]?.t !== 'star';
  return (text) => matchSegments(text, segments, anchoredStart, anchoredEnd);
}

function simpleShape(pattern: Pattern): TextMatcher | undefined {
  const inner = pattern.filter((token) => token.t !== 'star');
  if (inner.length > 1 || (inner[0] && inner[0].t !== 'lit')) return undefined;
  const literal = inner[0]?.t === 'lit' ? inner[0].s : '';
  const starStart = pattern[0]?.t === 'star';
  const starEnd = pattern.length > 1 && pattern[pattern.length - 1]?.t === 'star';
  if (pattern.length === 0) return (text) => text === '';
  if (pattern.length === 1 && starStart) return () => true;
  if (!starStart && !starEnd) return (text) => text === literal;
  if (starStart && starEnd) return (text) => text.includes(literal);
  if (starStart) return (text) => text.endsWith(literal);
  return (text) => text.startsWith(literal);
}

function unitAt(unit: Unit, c: string): boolean {
  if (unit === null) return true;
  if (typeof unit === 'string') return unit === c;
  return unit.chars.includes(c);
}

function segmentAt(text: string, at: number, segment: Unit[]): boolean {
  if (at + segment.length > text.length) return false;
  for (let k = 0; k < segment.length; k += 1) {
    if (!unitAt(segment[k] as Unit, text[at + k] as string)) return false;
  }
  return true;
}

function matchSegments(
  text: string,
  segments: Unit[][],
  anchoredStart: boolean,
  anchoredEnd: boolean,
): boolean {
  const first = segments[0] as Unit[];
  const last = segments[segments.length - 1] as Unit[];
  if (segments.length === 1) return text.length === first.length && segmentAt(text, 0, first);

  let pos = 0;
  let end = text.length;
  if (anchoredStart) {
    if (!segmentAt(text, 0, first)) return false;
    pos = first.length;
  }
  if (anchoredEnd) {
    end = text.length - last.length;
    if (end < pos || !segmentAt(text, end, last)) return false;
  }
  const from = anchoredStart ? 1 : 0;
  const to = anchoredEnd ? segments.length - 1 : segments.length;
  for (let i = from; i < to; i += 1) {
    const segment = segments[i] as Unit[];
    let found = -1;
    for (let at = pos; at + segment.length <= end; at += 1) {
      if (segmentAt(text, at, segment)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + segment.length;
  }
  return true;
}
