/**
 * A recursive-descent parser for the STIX 2.1 patterning grammar, one function per grammar
 * rule, from the loosest binding (FOLLOWEDBY) to the tightest (a single property test).
 */
import type {
  Comparison,
  Literal,
  ObjectPath,
  Observation,
  Operator,
  PathStep,
  Qualifier,
} from './ast.js';
import { PatternSyntaxError, tokenize, type Token, type TokenKind } from './lexer.js';

/** Nesting deeper than this is hostile, not intel: it would only exhaust the stack. */
const MAX_DEPTH = 64;
/** Values in one IN set. */
const MAX_SET = 10_000;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private is(kind: TokenKind, text?: string): boolean {
    const token = this.peek();
    return token.kind === kind && (text === undefined || token.text === text);
  }

  private take(kind: TokenKind, text?: string): Token {
    const token = this.peek();
    if (!this.is(kind, text)) {
      const found = token.kind === 'end' ? 'end of pattern' : JSON.stringify(token.text);
      throw new PatternSyntaxError(`expected ${text ?? kind}, found ${found}`, token.at);
    }
    this.index += 1;
    return token;
  }

  private nest<T>(inner: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw new PatternSyntaxError(`nested deeper than ${MAX_DEPTH}`, this.peek().at);
    }
    try {
      return inner();
    } finally {
      this.depth -= 1;
    }
  }

  pattern(): Observation {
    const tree = this.followedBy();
    this.take('end');
    return tree;
  }

  private followedBy(): Observation {
    let left = this.observationOr();
    while (this.is('keyword', 'FOLLOWEDBY')) {
      this.index += 1;
      left = { kind: 'followedby', left, right: this.observationOr() };
    }
    return left;
  }

  private observationOr(): Observation {
    let left = this.observationAnd();
    while (this.is('keyword', 'OR')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.observationAnd() };
    }
    return left;
  }

  private observationAnd(): Observation {
    let left = this.qualified();
    while (this.is('keyword', 'AND')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.qualified() };
    }
    return left;
  }

  private qualified(): Observation {
    let inner = this.observation();
    for (;;) {
      const qualifier = this.qualifier();
      if (!qualifier) return inner;
      inner = { kind: 'qualified', inner, qualifier };
    }
  }

  private observation(): Observation {
    if (this.is('punct', '(')) {
      this.index += 1;
      const inner = this.nest(() => this.followedBy());
      this.take('punct', ')');
      return inner;
    }
    this.take('punct', '[');
    const comparison = this.nest(() => this.comparisonOr());
    this.take('punct', ']');
    return { kind: 'observation', comparison };
  }

  private qualifier(): Qualifier | undefined {
    if (this.is('keyword', 'WITHIN')) {
      this.index += 1;
      const seconds = Number(this.number().text);
      this.take('keyword', 'SECONDS');
      return { kind: 'within', seconds };
    }
    if (this.is('keyword', 'REPEATS')) {
      this.index += 1;
      const times = Number(this.take('int').text);
      this.take('keyword', 'TIMES');
      return { kind: 'repeats', times };
    }
    if (this.is('keyword', 'START')) {
      this.index += 1;
      const start = this.take('timestamp').text;
      this.take('keyword', 'STOP');
      return { kind: 'start-stop', start, stop: this.take('timestamp').text };
    }
    return undefined;
  }

  private number(): Token {
    return this.is('float') ? this.take('float') : this.take('int');
  }

  private comparisonOr(): Comparison {
    let left = this.comparisonAnd();
    while (this.is('keyword', 'OR')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.comparisonAnd() };
    }
    return left;
  }

  private comparisonAnd(): Comparison {
    let left = this.propertyTest();
    while (this.is('keyword', 'AND')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.propertyTest() };
    }
    return left;
  }

  private propertyTest(): Comparison {
    if (this.is('punct', '(')) {
      this.index += 1;
      const inner = this.nest(() => this.comparisonOr());
      this.take('punct', ')');
      return inner;
    }
    if (this.is('keyword', 'EXISTS')) {
      this.index += 1;
      return { kind: 'exists', path: this.objectPath() };
    }
    const path = this.objectPath();
    const negated = this.is('keyword', 'NOT');
    if (negated) this.index += 1;
    const token = this.peek();
    if (token.kind === 'op') {
      this.index += 1;
      return {
        kind: 'test',
        path,
        negated,
        operator: token.text as Operator,
        value: this.literal(),
      };
    }
    if (token.kind === 'keyword' && token.text === 'IN') {
      this.index += 1;
      return { kind: 'test', path, negated, operator: 'IN', value: this.set() };
    }
    const text = token.text;
    if (token.kind === 'keyword' && /^(LIKE|MATCHES|ISSUBSET|ISSUPERSET)$/.test(text)) {
      this.index += 1;
      const value = { kind: 'string' as const, value: this.take('string').text };
      return { kind: 'test', path, negated, operator: text as Operator, value };
    }
    throw new PatternSyntaxError(`expected a comparison operator after the path`, token.at);
  }

  private set(): Literal[] {
    this.take('punct', '(');
    const values = [this.literal()];
    while (this.is('punct', ',')) {
      this.index += 1;
      if (values.length >= MAX_SET) {
        throw new PatternSyntaxError(`set of more than ${MAX_SET} values`, this.peek().at);
      }
      values.push(this.literal());
    }
    this.take('punct', ')');
    return values;
  }

  private literal(): Literal {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'string':
      case 'binary':
      case 'hex':
      case 'timestamp':
        return { kind: token.kind, value: token.text };
      case 'int':
      case 'float':
        return { kind: token.kind, value: Number(token.text) };
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'bool', value: token.text === 'true' };
        }
        break;
      default:
        break;
    }
    throw new PatternSyntaxError(
      `expected a literal, found ${JSON.stringify(token.text)}`,
      token.at,
    );
  }

  private objectPath(): ObjectPath {
    const objectType = this.take('identifier').text;
    this.take('punct', ':');
    const steps: PathStep[] = [{ kind: 'property', name: this.propertyName() }];
    for (;;) {
      if (this.is('punct', '.')) {
        this.index += 1;
        steps.push({ kind: 'property', name: this.propertyName() });
      } else if (this.is('punct', '[')) {
        this.index += 1;
        const index = this.is('punct', '*') ? '*' : Number(this.take('int').text);
        if (index === '*') this.index += 1;
        this.take('punct', ']');
        steps.push({ kind: 'index', index });
      } else {
        return { objectType, steps };
      }
    }
  }

  private propertyName(): string {
    if (this.is('string')) return this.take('string').text;
    return this.take('identifier').text;
  }
}

/** Parses a pattern; throws `PatternSyntaxError` with the offset of the first bad token. */
export function parsePattern(text: string): Observation {
  return new Parser(tokenize(text)).pattern();
}

export { PatternSyntaxError } from './lexer.js';
