/**
 * Tokens of the STIX patterning grammar. Keywords are upper case only, as the grammar
 * defines them; string literals use single quotes with `\'` and `\\` as the only escapes.
 */

export type TokenKind =
  | 'keyword'
  | 'identifier'
  | 'string'
  | 'int'
  | 'float'
  | 'binary'
  | 'hex'
  | 'timestamp'
  | 'punct'
  | 'op'
  | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token in the pattern, for error messages. */
  at: number;
}

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at offset ${at}`);
    this.name = 'PatternSyntaxError';
  }
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
  'true',
  'false',
]);

/** Patterns in real feeds are short; a longer one is not worth parsing. */
export const MAX_PATTERN_LENGTH = 64 * 1024;

const IDENT = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') throw new PatternSyntaxError('bad escape in string', i);
      value += next;
      i += 2;
      continue;
    }
    if (c === "'") return { value, end: i + 1 };
    value += c;
    i += 1;
  }
  throw new PatternSyntaxError('unterminated string', start);
}

export function tokenize(text: string): Token[] {
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`, 0);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const at = i;

    // Typed string literals: b'base64', h'hex', t'timestamp'.
    if ((c === 'b' || c === 'h' || c === 't') && text[i + 1] === "'") {
      const { value, end } = readQuoted(text, i + 1);
      const kind = c === 'b' ? 'binary' : c === 'h' ? 'hex' : 'timestamp';
      tokens.push({ kind, text: value, at });
      i = end;
      continue;
    }
    if (c === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: 'string', text: value, at });
      i = end;
      continue;
    }
    if (DIGIT.test(c) || ((c === '-' || c === '+') && DIGIT.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < text.length && DIGIT.test(text[j]!)) j += 1;
      let kind: TokenKind = 'int';
      if (text[j] === '.' && DIGIT.test(text[j + 1] ?? '')) {
        kind = 'float';
        j += 1;
        while (j < text.length && DIGIT.test(text[j]!)) j += 1;
      }
      tokens.push({ kind, text: text.slice(i, j), at });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT.test(text[j]!)) j += 1;
      const word = text.slice(i, j);
      tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'identifier', text: word, at });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, at });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, at });
      i += 1;
      continue;
    }
    if ('[]().,:*'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at });
      i += 1;
      continue;
    }
    throw new PatternSyntaxError(`unexpected character ${JSON.stringify(c)}`, at);
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}
