/**
 * Evaluates a parsed STIX pattern against the cyber observables of one event. One event is
 * one observation, so only patterns that a single observation can satisfy are accepted:
 * observation expressions joined by OR. AND, FOLLOWEDBY and qualifiers need several
 * observations over time and are rejected by name rather than approximated.
 */
import { RE2JS } from 're2js';
import { containsIp } from '../ip.js';
import type { Comparison, Literal, ObjectPath, Observation } from './ast.js';
import { pathText } from './ast.js';

/** A cyber-observable object seen in an event: its STIX type and property values by path. */
export interface ObservedObject {
  type: string;
  /** Canonical path (see `pathKey`) to the values found there. */
  props: ReadonlyMap<string, readonly string[]>;
}

export type Compiled =
  | { ok: true; matches: (objects: readonly ObservedObject[]) => string | undefined }
  | { ok: false; reason: string };

/** Hash names as the STIX vocabulary writes them, keyed in lower case without quotes. */
const HASH_NAMES: Record<string, string> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
  'sha-512': 'sha512',
  sha512: 'sha512',
};

/**
 * The key observers and patterns share: property names joined by dots, every list step
 * written `[*]`, and hash algorithm names folded (`hashes.'SHA-256'` -> `hashes.sha256`).
 */
export function pathKey(path: ObjectPath): string | undefined {
  const parts: string[] = [];
  let previous = '';
  for (const step of path.steps) {
    if (step.kind === 'index') {
      if (step.index !== '*') return undefined;
      parts.push('[*]');
      continue;
    }
    const name = previous === 'hashes' ? HASH_NAMES[step.name.toLowerCase()] : step.name;
    if (!name) return undefined;
    parts.push(parts.length === 0 ? name : `.${name}`);
    previous = step.name;
  }
  return parts.join('');
}

type Test = (value: string) => boolean;

function literalText(literal: Literal): string {
  return String(literal.value);
}

/** LIKE: `%` any run, `_` one character, everything else literal (STIX 2.1 section 9.5). */
function likeToRegex(like: string): string {
  let out = '';
  for (const c of like) {
    if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else out += RE2JS.quote(c);
  }
  return `^${out}$`;
}

function caseFolded(path: ObjectPath, key: string): boolean {
  // Hex digests and DNS names compare without case; everything else as the spec says.
  return key.startsWith('hashes.') || key.includes('.hashes.') || path.objectType === 'domain-name';
}

function valueTest(path: ObjectPath, key: string, comparison: Comparison & { kind: 'test' }): Test {
  const { operator, value } = comparison;
  const fold = caseFolded(path, key) ? (s: string) => s.toLowerCase() : (s: string) => s;
  const isAddress = path.objectType === 'ipv4-addr' || path.objectType === 'ipv6-addr';
  if (Array.isArray(value)) {
    const set = new Set(value.map((v) => fold(literalText(v))));
    return (observed) => set.has(fold(observed));
  }
  const wanted = literalText(value);
  switch (operator) {
    case '=':
    case '!=': {
      // Real feeds write networks with `=` (`ipv4-addr:value = '10.0.0.0/8'`): containment.
      const same =
        isAddress && wanted.includes('/')
          ? (s: string) => containsIp(wanted, s)
          : (s: string) => fold(s) === fold(wanted);
      return operator === '=' ? same : (s) => !same(s);
    }
    case '<':
      return (s) => fold(s) < fold(wanted);
    case '<=':
      return (s) => fold(s) <= fold(wanted);
    case '>':
      return (s) => fold(s) > fold(wanted);
    case '>=':
      return (s) => fold(s) >= fold(wanted);
    case 'LIKE': {
      const re = RE2JS.compile(likeToRegex(fold(wanted)), RE2JS.DOTALL);
      return (s) => re.test(fold(s));
    }
    case 'MATCHES': {
      // RE2 runs in time linear in the input whatever the feed's expression.
      const re = RE2JS.compile(wanted, RE2JS.DOTALL);
      return (s) => re.test(s);
    }
    case 'ISSUBSET':
      return (s) => isAddress && containsIp(wanted, s);
    case 'ISSUPERSET':
      return (s) => isAddress && containsIp(s.includes('/') ? s : `${s}/32`, wanted);
    case 'IN':
      return () => false;
  }
}

type Check = (objects: readonly ObservedObject[]) => string | undefined;

function compileComparison(comparison: Comparison): Check {
  switch (comparison.kind) {
    case 'and': {
      const left = compileComparison(comparison.left);
      const right = compileComparison(comparison.right);
      return (objects) => {
        const a = left(objects);
        const b = a === undefined ? undefined : right(objects);
        return b === undefined ? undefined : `${a} AND ${b}`;
      };
    }
    case 'or': {
      const left = compileComparison(comparison.left);
      const right = compileComparison(comparison.right);
      return (objects) => left(objects) ?? right(objects);
    }
    case 'exists':
    case 'test': {
      const key = pathKey(comparison.path);
      if (key === undefined) {
        throw new Error(`unsupported object path ${pathText(comparison.path)}`);
      }
      const type = comparison.path.objectType;
      const test: Test =
        comparison.kind === 'exists' ? () => true : valueTest(comparison.path, key, comparison);
      const negated = comparison.kind === 'test' && comparison.negated;
      return (objects) => {
        for (const object of objects) {
          if (object.type !== type) continue;
          for (const value of object.props.get(key) ?? []) {
            if (test(value) !== negated) return `${type}:${key} = ${JSON.stringify(value)}`;
          }
        }
        return undefined;
      };
    }
  }
}

function compileObservation(observation: Observation): Check {
  switch (observation.kind) {
    case 'observation':
      return compileComparison(observation.comparison);
    case 'or': {
      const left = compileObservation(observation.left);
      const right = compileObservation(observation.right);
      return (objects) => left(objects) ?? right(objects);
    }
    case 'and':
      throw new Error('AND between observations needs several observations');
    case 'followedby':
      throw new Error('FOLLOWEDBY needs several observations in order');
    case 'qualified':
      throw new Error(`the ${observation.qualifier.kind} qualifier needs a time series`);
  }
}

/** Compiles a pattern into a test over one event's objects, or says why it cannot be. */
export function compileObservationPattern(tree: Observation): Compiled {
  try {
    return { ok: true, matches: compileObservation(tree) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
