/**
 * Validates a `correlation:` section (Sigma correlation specification v2) into a
 * `CorrelationRule`, or returns the reason it cannot load.
 */
import type { CorrelationRule, CorrelationType, CountOp, RuleMeta } from './model.js';

const TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
];
const OPS: readonly CountOp[] = ['gt', 'gte', 'lt', 'lte', 'eq'];
const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

export function parseTimespan(text: unknown): number | undefined {
  const m = typeof text === 'string' ? /^(\d{1,9})([smhdw])$/.exec(text.trim()) : null;
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] as number) : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseCorrelation(
  section: unknown,
  rule: Record<string, unknown>,
  meta: RuleMeta,
): CorrelationRule | string {
  if (!isMap(section)) return 'must be a map';
  const type = section['type'];
  if (!TYPES.includes(type as CorrelationType)) {
    return `unknown type '${String(type)}' (known: ${TYPES.join(', ')})`;
  }
  const rules = stringList(section['rules']);
  if (!rules || rules.length === 0) return 'rules must name at least one rule';
  const groupBy = section['group-by'] === undefined ? [] : stringList(section['group-by']);
  if (!groupBy) return 'group-by must be a list of field names';
  const timespanMs = parseTimespan(section['timespan'] ?? section['timeframe']);
  if (timespanMs === undefined)
    return "timespan must be a number and a unit (s, m, h, d, w), e.g. '10m'";

  const condition: { op: CountOp; value: number }[] = [];
  let field: string | undefined;
  let percentile: number | undefined;
  const raw = section['condition'];
  if (raw !== undefined) {
    if (!isMap(raw)) return 'condition must be a map such as {gte: 10}';
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'field') field = typeof value === 'string' ? value : undefined;
      else if (key === 'percentile') percentile = Number(value);
      else if (OPS.includes(key as CountOp) && typeof value === 'number') {
        condition.push({ op: key as CountOp, value });
      } else return `condition: unknown or non-numeric '${key}' (known: ${OPS.join(', ')}, field)`;
    }
  }
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (!temporal && condition.length === 0)
    return `${String(type)} needs a condition such as {gte: 10}`;
  if (type !== 'event_count' && !temporal && !field) return `${String(type)} needs condition.field`;
  if (
    type === 'value_percentile' &&
    (percentile === undefined || !(percentile >= 0 && percentile <= 100))
  ) {
    return 'value_percentile needs condition.percentile between 0 and 100';
  }

  const aliases: Record<string, Record<string, string>> = {};
  if (section['aliases'] !== undefined) {
    if (!isMap(section['aliases'])) return 'aliases must be a map';
    for (const [alias, perRule] of Object.entries(section['aliases'])) {
      if (!isMap(perRule) || !Object.values(perRule).every((f) => typeof f === 'string')) {
        return `alias '${alias}' must map rule names to field names`;
      }
      aliases[alias] = perRule as Record<string, string>;
    }
  }
  const generate = section['generate'] ?? rule['generate'] ?? false;
  if (typeof generate !== 'boolean') return 'generate must be true or false';

  return {
    ...meta,
    kind: 'correlation',
    type: type as CorrelationType,
    rules,
    groupBy,
    timespanMs,
    condition,
    ...(field ? { field } : {}),
    ...(percentile !== undefined ? { percentile } : {}),
    aliases,
    generate,
  };
}
