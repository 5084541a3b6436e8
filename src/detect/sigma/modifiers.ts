/**
 * Value modifiers (`Field|contains|all`), kept in a registry keyed by name. A modifier rewrites
 * the rule's values or sets a flag on how they are compared; they apply left to right, as the
 * specification orders them. A name not in the registry rejects the rule, naming the modifier.
 */
import { parseCidr, type CidrRange } from './cidr.js';
import { hasWildcards, literalPattern, parsePattern, type Pattern } from './pattern.js';

/** A value of a detection item on its way from YAML to a compiled test. */
export type RuleValue =
  /** Unparsed text from the rule: `re` wants it raw, everything else parses wildcards. */
  | { kind: 'text'; raw: string }
  | { kind: 'pattern'; pattern: Pattern }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  /** Encoded text (`utf16le` and friends) waiting for `base64`/`base64offset`. */
  | { kind: 'bytes'; data: Buffer }
  | { kind: 'regex'; source: string }
  | { kind: 'cidr'; range: CidrRange }
  | { kind: 'compare'; op: CompareOp; value: number }
  | { kind: 'exists'; value: boolean }
  | { kind: 'fieldref'; field: string; position: Position }
  /** Alternatives standing for one value: they are ORed even under `|all`. */
  | { kind: 'any'; values: RuleValue[] };

export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte';
export type Position = 'equals' | 'contains' | 'startswith' | 'endswith';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** How the values of one detection item are compared, set by flag modifiers. */
export interface ModifierState {
  all: boolean;
  cased: boolean;
  negate: boolean;
  timePart?: TimePart;
  regexFlags: string;
  placeholders: ReadonlyMap<string, readonly string[]>;
}

export class ModifierError extends Error {}

export interface Modifier {
  description: string;
  apply(values: RuleValue[], state: ModifierState): RuleValue[];
}

function each(fn: (value: RuleValue, state: ModifierState) => RuleValue): Modifier['apply'] {
  const visit = (value: RuleValue, state: ModifierState): RuleValue =>
    value.kind === 'any'
      ? { kind: 'any', values: value.values.map((v) => visit(v, state)) }
      : fn(value, state);
  return (values, state) => values.map((value) => visit(value, state));
}

function flag(set: (state: ModifierState) => void): Modifier['apply'] {
  return (values, state) => {
    set(state);
    return values;
  };
}

export function asPattern(value: RuleValue, modifier: string): Pattern {
  switch (value.kind) {
    case 'text':
      return parsePattern(value.raw);
    case 'pattern':
      return value.pattern;
    case 'number':
      return literalPattern(String(value.value));
    case 'bool':
      return literalPattern(String(value.value));
    default:
      throw new ModifierError(`${modifier} cannot apply to a ${value.kind} value`);
  }
}

function rawText(value: RuleValue, modifier: string): string {
  if (value.kind === 'text') return value.raw;
  if (value.kind === 'number' || value.kind === 'bool') return String(value.value);
  throw new ModifierError(`${modifier} needs a plain value, not a ${value.kind} value`);
}

function position(where: Exclude<Position, 'equals'>): Modifier['apply'] {
  return each((value) => {
    if (value.kind === 'fieldref') return { ...value, position: where };
    const pattern = asPattern(value, where);
    const star = { t: 'star' } as const;
    const start = where !== 'startswith' && pattern[0]?.t !== 'star' ? [star] : [];
    const end = where !== 'endswith' && pattern[pattern.length - 1]?.t !== 'star' ? [star] : [];
    return { kind: 'pattern', pattern: [...start, ...pattern, ...end] };
  });
}

function plainBytes(value: RuleValue, modifier: string): Buffer {
  if (value.kind === 'bytes') return value.data;
  const pattern = asPattern(value, modifier);
  if (hasWildcards(pattern)) throw new ModifierError(`${modifier} cannot encode wildcards`);
  return Buffer.from(pattern.map((token) => (token.t === 'lit' ? token.s : '')).join(''), 'utf8');
}

function plainText(value: RuleValue, modifier: string): string {
  return plainBytes(value, modifier).toString('utf8');
}

function encode(fn: (text: string) => Buffer, name: string): Modifier['apply'] {
  return each((value) => ({ kind: 'bytes', data: fn(plainText(value, name)) }));
}

function utf16be(text: string): Buffer {
  const data = Buffer.from(text, 'utf16le');
  data.swap16();
  return data;
}

// Offsets that cut the characters influenced by the unknown neighbouring bytes, for each of the
// three alignments a substring can have inside a longer base64 stream.
const START_CUT = [0, 2, 3];
const END_CUT = [0, 3, 2];

function base64Offsets(data: Buffer): RuleValue {
  const values: RuleValue[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), data]).toString('base64');
    const cut = END_CUT[(data.length + shift) % 3] as number;
    const text = encoded.slice(START_CUT[shift], cut ? encoded.length - cut : undefined);
    values.push({ kind: 'pattern', pattern: literalPattern(text) });
  }
  return { kind: 'any', values };
}

const WINDASH_CHARS = '-/\u2013\u2014\u2015';

function windash(pattern: Pattern): Pattern {
  const out: Pattern = [];
  for (const token of pattern) {
    if (token.t !== 'lit') {
      out.push(token);
      continue;
    }
    // A dash or slash that starts a word: an option switch (` -enc`, `/c`).
    let literal = '';
    for (let i = 0; i < token.s.length; i += 1) {
      const c = token.s[i] as string;
      const before = token.s[i - 1];
      const after = token.s[i + 1];
      const starts = (c === '-' || c === '/') && !isWord(before) && isWord(after);
      if (!starts) {
        literal += c;
        continue;
      }
      if (literal) out.push({ t: 'lit', s: literal });
      literal = '';
      out.push({ t: 'class', chars: WINDASH_CHARS });
    }
    if (literal) out.push({ t: 'lit', s: literal });
  }
  return out;
}

function isWord(c: string | undefined): boolean {
  return c !== undefined && /\w/.test(c);
}

function expand(pattern: Pattern, state: ModifierState): RuleValue {
  let alternatives: Pattern[] = [[]];
  for (const token of pattern) {
    if (token.t !== 'lit') {
      alternatives = alternatives.map((alt) => [...alt, token]);
      continue;
    }
    for (const piece of token.s.split(/(%[\w.-]+%)/)) {
      if (!piece) continue;
      if (!/^%[\w.-]+%$/.test(piece)) {
        alternatives = alternatives.map((alt) => [...alt, { t: 'lit', s: piece }]);
        continue;
      }
      const name = piece.slice(1, -1);
      const values = state.placeholders.get(name);
      if (!values) {
        const hint = 'give it values in a placeholders file';
        throw new ModifierError(`unknown placeholder %${name}%: ${hint}`);
      }
      alternatives = alternatives.flatMap((alt) => values.map((v) => [...alt, ...parsePattern(v)]));
      // Placeholder lists multiply; a cap keeps a hostile config from exhausting memory.
      if (alternatives.length > 10_000) throw new ModifierError(`%${name}% expands too far`);
    }
  }
  return { kind: 'any', values: alternatives.map((alt) => ({ kind: 'pattern', pattern: alt })) };
}

function compare(op: CompareOp): Modifier {
  return {
    description: `numeric ${op} comparison`,
    apply: each((value) => {
      const number = value.kind === 'number' ? value.value : Number(rawText(value, op));
      if (!Number.isFinite(number)) throw new ModifierError(`${op} needs a number`);
      return { kind: 'compare', op, value: number };
    }),
  };
}

function timePart(part: TimePart): Modifier {
  return {
    description: `compare the ${part} of a timestamp`,
    apply: flag((s) => (s.timePart = part)),
  };
}

function regexFlag(letter: string, meaning: string): Modifier {
  return {
    description: `regular expression flag: ${meaning}`,
    apply: (values, state) => {
      if (!values.every((v) => v.kind === 'regex')) {
        throw new ModifierError(`${letter} must follow re`);
      }
      state.regexFlags += letter;
      return values;
    },
  };
}

export const MODIFIERS: Readonly<Record<string, Modifier>> = Object.freeze({
  contains: { description: 'value anywhere in the field', apply: position('contains') },
  startswith: { description: 'field starts with the value', apply: position('startswith') },
  endswith: { description: 'field ends with the value', apply: position('endswith') },
  all: { description: 'every value must match', apply: flag((s) => (s.all = true)) },
  cased: { description: 'case-sensitive comparison', apply: flag((s) => (s.cased = true)) },
  neq: { description: 'field differs from the value', apply: flag((s) => (s.negate = true)) },
  windash: {
    description: 'option dashes also match / and Unicode dashes',
    apply: each((v) => ({ kind: 'pattern', pattern: windash(asPattern(v, 'windash')) })),
  },
  re: {
    description: 'regular expression (RE2 syntax, linear time)',
    apply: each((v) => ({ kind: 'regex', source: rawText(v, 're') })),
  },
  i: regexFlag('i', 'case-insensitive'),
  m: regexFlag('m', 'multi-line'),
  s: regexFlag('s', 'dot matches newline'),
  base64: {
    description: 'value encoded in base64',
    apply: each((v) => ({
      kind: 'pattern',
      pattern: literalPattern(plainBytes(v, 'base64').toString('base64')),
    })),
  },
  base64offset: {
    description: 'value encoded in base64 at any of the three alignments',
    apply: each((v) => base64Offsets(plainBytes(v, 'base64offset'))),
  },
  utf16le: {
    description: 'UTF-16LE encoding',
    apply: encode((t) => Buffer.from(t, 'utf16le'), 'utf16le'),
  },
  wide: {
    description: 'UTF-16LE encoding',
    apply: encode((t) => Buffer.from(t, 'utf16le'), 'wide'),
  },
  utf16be: { description: 'UTF-16BE encoding', apply: encode(utf16be, 'utf16be') },
  utf16: {
    description: 'UTF-16 with a little-endian byte order mark',
    apply: encode(
      (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
      'utf16',
    ),
  },
  cidr: {
    description: 'IPv4 or IPv6 address inside a CIDR range',
    apply: each((v) => {
      const range = parseCidr(rawText(v, 'cidr'));
      if (!range) throw new ModifierError(`cidr: not a network: ${rawText(v, 'cidr')}`);
      return { kind: 'cidr', range };
    }),
  },
  exists: {
    description: 'field is present (true) or absent (false)',
    apply: each((v) => {
      if (v.kind !== 'bool') throw new ModifierError('exists needs true or false');
      return { kind: 'exists', value: v.value };
    }),
  },
  expand: {
    description: 'replace %placeholders% with configured values',
    apply: each((v, state) => expand(asPattern(v, 'expand'), state)),
  },
  fieldref: {
    description: 'compare with the value of another field of the same event',
    apply: each((v) => ({ kind: 'fieldref', field: rawText(v, 'fieldref'), position: 'equals' })),
  },
  lt: compare('lt'),
  lte: compare('lte'),
  gt: compare('gt'),
  gte: compare('gte'),
  minute: timePart('minute'),
  hour: timePart('hour'),
  day: timePart('day'),
  week: timePart('week'),
  month: timePart('month'),
  year: timePart('year'),
});

export function applyModifiers(
  names: readonly string[],
  values: RuleValue[],
  state: ModifierState,
): RuleValue[] {
  let current = values;
  for (const name of names) {
    const modifier = Object.hasOwn(MODIFIERS, name) ? MODIFIERS[name] : undefined;
    if (!modifier) {
      throw new ModifierError(
        `unknown modifier '${name}' (known: ${Object.keys(MODIFIERS).join(', ')})`,
      );
    }
    current = modifier.apply(current, state);
  }
  return current;
}
