/**
 * The condition language: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `them`,
 * with `not` binding tighter than `and`, and `and` tighter than `or` (Sigma specification,
 * condition section). Parsing yields a syntax tree; names are resolved at compile time.
 */

export type ConditionNode =
  | { kind: 'and'; left: ConditionNode; right: ConditionNode }
  | { kind: 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'ref'; name: string }
  /** `1 of sel*`, `all of them`: `target` is a name pattern or `them`. */
  | { kind: 'quantified'; quantifier: 'all' | number; target: string };

export class ConditionError extends Error {}

type Token = { type: 'word'; text: string; at: number } | { type: '(' | ')'; at: number };

// Conditions are short in every real rule; the cap keeps a crafted one from recursing deeply.
const MAX_CONDITION_LENGTH = 10_000;
const MAX_DEPTH = 200;

function tokenize(text: string): Token[] {
  if (text.length > MAX_CONDITION_LENGTH) throw new ConditionError('condition is too long');
  const tokens: Token[] = [];
  const re = /\s*(?:([()])|([^\s()|]+)|(\|))/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    if (m[3]) {
      throw new ConditionError(
        'aggregation expressions (`| count() ...`, Sigma v1) are not supported: ' +
          'use a correlation rule',
      );
    }
    if (m[1]) tokens.push({ type: m[1] as '(' | ')', at: m.index });
    else if (m[2]) tokens.push({ type: 'word', text: m[2], at: m.index });
    at = re.lastIndex;
  }
  return tokens;
}

export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let pos = 0;

  const peekWord = (): string | undefined => {
    const token = tokens[pos];
    return token?.type === 'word' ? token.text.toLowerCase() : undefined;
  };
  const fail = (message: string): never => {
    const token = tokens[pos];
    throw new ConditionError(`${message} at column ${token ? token.at + 1 : text.length + 1}`);
  };

  const parseOr = (depth: number): ConditionNode => {
    let left = parseAnd(depth);
    while (peekWord() === 'or') {
      pos += 1;
      left = { kind: 'or', left, right: parseAnd(depth) };
    }
    return left;
  };
  const parseAnd = (depth: number): ConditionNode => {
    let left = parseNot(depth);
    while (peekWord() === 'and') {
      pos += 1;
      left = { kind: 'and', left, right: parseNot(depth) };
    }
    return left;
  };
  const parseNot = (depth: number): ConditionNode => {
    if (depth > MAX_DEPTH) fail('condition nests too deeply');
    if (peekWord() === 'not') {
      pos += 1;
      return { kind: 'not', operand: parseNot(depth + 1) };
    }
    return parseAtom(depth);
  };
  const parseAtom = (depth: number): ConditionNode => {
    const token = tokens[pos];
    if (!token) return fail('condition ends early');
    if (token.type === '(') {
      pos += 1;
      const inner = parseOr(depth + 1);
      if (tokens[pos]?.type !== ')') fail('missing )');
      pos += 1;
      return inner;
    }
    if (token.type !== 'word') return fail('unexpected )');
    const word = token.text.toLowerCase();
    if (['and', 'or', 'of'].includes(word)) return fail(`unexpected '${token.text}'`);
    if (tokens[pos + 1]?.type === 'word' && peekAt(tokens, pos + 1) === 'of') {
      const quantifier = word === 'all' ? 'all' : Number(word);
      if (quantifier !== 'all' && !(Number.isInteger(quantifier) && quantifier >= 1)) {
        fail(`'${token.text} of' needs 'all' or a positive number`);
      }
      const target = tokens[pos + 2];
      if (target?.type !== 'word') {
        pos += 2;
        return fail("'of' needs a name pattern or 'them'");
      }
      pos += 3;
      return { kind: 'quantified', quantifier: quantifier as 'all' | number, target: target.text };
    }
    pos += 1;
    return { kind: 'ref', name: token.text };
  };

  const tree = parseOr(0);
  if (pos < tokens.length) fail('unexpected text');
  return tree;
}

function peekAt(tokens: Token[], index: number): string | undefined {
  const token = tokens[index];
  return token?.type === 'word' ? token.text.toLowerCase() : undefined;
}

/** Names a `1 of`/`all of` target covers: `them` is every name not starting with `_`. */
export function namesFor(target: string, names: readonly string[]): string[] {
  if (target.toLowerCase() === 'them') return names.filter((name) => !name.startsWith('_'));
  if (!target.includes('*')) return names.filter((name) => name === target);
  const parts = target.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${parts.join('.*')}$`);
  return names.filter((name) => re.test(name));
}
