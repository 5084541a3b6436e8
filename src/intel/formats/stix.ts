/**
 * STIX 2.1 bundles. Indicators with STIX patterns become indicators: a pattern that is only
 * equality tests on values Lurewatch indexes (hashes, names, URLs, domains, addresses) is
 * stored as those values; any other pattern is stored whole and evaluated against events.
 * `indicates` relationships (and one `attributed-to` hop beyond) give attribution.
 */
import { problem } from '../../core/problems.js';
import type { Attribution, AttributionKind, Indicator, IndicatorType } from '../model.js';
import { normaliseValue } from '../normalise.js';
import type { Comparison, Observation } from '../stix-pattern/ast.js';
import { compileObservationPattern, pathKey } from '../stix-pattern/evaluate.js';
import { PatternSyntaxError, parsePattern } from '../stix-pattern/parser.js';
import { countSkip, emptyCollection, type FeedResult, type IntelFormat } from './types.js';

/** Objects per bundle; the full ATT&CK bundle, the largest common one, holds about 25,000. */
const MAX_OBJECTS = 500_000;

/** `type:path` keys whose equality tests are plain indicator values. */
const VALUE_PATHS: Record<string, IndicatorType> = {
  'file:hashes.md5': 'md5',
  'file:hashes.sha1': 'sha1',
  'file:hashes.sha256': 'sha256',
  'file:hashes.sha512': 'sha512',
  'file:name': 'filename',
  'url:value': 'url',
  'domain-name:value': 'domain',
  'ipv4-addr:value': 'ip',
  'ipv6-addr:value': 'ip',
  'email-addr:value': 'email',
  'email-message:from_ref.value': 'email',
  'email-message:sender_ref.value': 'email',
  'email-message:body_multipart[*].body_raw_ref.name': 'filename',
  'network-traffic:dst_ref.value': 'ip',
};

const ACTOR_KINDS: Record<string, AttributionKind> = {
  'threat-actor': 'threat-actor',
  'intrusion-set': 'intrusion-set',
  campaign: 'campaign',
  malware: 'malware',
};

interface StixObject {
  type?: string;
  id?: string;
  name?: string;
  pattern?: string;
  pattern_type?: string;
  valid_from?: string;
  valid_until?: string;
  confidence?: number;
  labels?: string[];
  indicator_types?: string[];
  description?: string;
  revoked?: boolean;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  external_references?: Array<{ source_name?: string; external_id?: string }>;
}

/** The equality tests of an OR-only pattern, or undefined when it needs evaluating. */
function plainValues(tree: Observation): Array<{ type: IndicatorType; value: string }> | undefined {
  const fromComparison = (
    c: Comparison,
  ): Array<{ type: IndicatorType; value: string }> | undefined => {
    if (c.kind === 'or') {
      const left = fromComparison(c.left);
      const right = left && fromComparison(c.right);
      return left && right ? [...left, ...right] : undefined;
    }
    if (c.kind !== 'test' || c.operator !== '=' || c.negated || Array.isArray(c.value))
      return undefined;
    const key = pathKey(c.path);
    const type = key === undefined ? undefined : VALUE_PATHS[`${c.path.objectType}:${key}`];
    const text = c.value.kind === 'string' ? c.value.value : undefined;
    // A network (`10.0.0.0/8`) is not one value: leave it to pattern evaluation.
    if (!type || text === undefined || (type === 'ip' && text.includes('/'))) return undefined;
    const value = normaliseValue(type, text);
    return value ? [{ type, value }] : undefined;
  };
  if (tree.kind === 'observation') return fromComparison(tree.comparison);
  if (tree.kind === 'or') {
    const left = plainValues(tree.left);
    const right = left && plainValues(tree.right);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

function attackId(object: StixObject): string | undefined {
  return object.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
}

function objectsIn(json: unknown): StixObject[] {
  if (Array.isArray(json)) return json as StixObject[];
  const o = json as { type?: string; objects?: unknown };
  if (o?.type === 'bundle' && Array.isArray(o.objects)) return o.objects as StixObject[];
  return o && typeof o === 'object' && typeof o.type === 'string' ? [o as StixObject] : [];
}

/** Who each indicator points at: direct `indicates`, then what that is `attributed-to`. */
function attributionIndex(
  byId: Map<string, StixObject>,
  objects: StixObject[],
): Map<string, Attribution[]> {
  const edges = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type !== 'relationship' || !o.source_ref || !o.target_ref) continue;
    if (o.relationship_type !== 'indicates' && o.relationship_type !== 'attributed-to') continue;
    edges.set(o.source_ref, [...(edges.get(o.source_ref) ?? []), o.target_ref]);
  }
  const out = new Map<string, Attribution[]>();
  for (const [from, targets] of edges) {
    if (!from.startsWith('indicator--')) continue;
    const found = new Map<string, Attribution>();
    const visit = (id: string, hops: number): void => {
      const target = byId.get(id);
      const kind = ACTOR_KINDS[target?.type ?? ''];
      if (kind && target?.name) found.set(`${kind} ${target.name}`, { kind, name: target.name });
      if (hops > 0) for (const next of edges.get(id) ?? []) visit(next, hops - 1);
    };
    for (const id of targets) visit(id, 1);
    out.set(from, [...found.values()]);
  }
  return out;
}

export const stixFormat: IntelFormat = {
  id: 'stix',
  title: 'STIX 2.1 bundle',
  sniff: (head) =>
    /^\s*[[{]/.test(head) && /"type"\s*:\s*"(bundle|indicator|attack-pattern)"/.test(head),
  parse(input) {
    const out: FeedResult = { indicators: [], collections: [], problems: [] };
    let json: unknown;
    try {
      json = JSON.parse(input.text);
    } catch (error) {
      out.problems.push(problem(input.name, '', 'bad-json', (error as Error).message));
      return out;
    }
    const objects = objectsIn(json).slice(0, MAX_OBJECTS);
    const bundleId = (json as { id?: string })?.id;
    const source = `stix:${bundleId ?? input.name}`;
    const collection = emptyCollection(source, input.name, 'stix');
    const byId = new Map(objects.flatMap((o) => (o.id ? [[o.id, o] as const] : [])));
    const attribution = attributionIndex(byId, objects);
    const names = new Set<string>();
    for (const object of objects) {
      const kind = ACTOR_KINDS[object.type ?? ''];
      if (kind && object.name) names.add(`${kind} ${object.name}`);
      const technique = object.type === 'attack-pattern' ? attackId(object) : undefined;
      if (technique) collection.techniques.push(`${technique} ${object.name ?? ''}`.trim());
    }
    collection.attribution = [...names];

    objects.forEach((object, index) => {
      collection.records += 1;
      if (object.type !== 'indicator') {
        countSkip(collection, object.type ?? '?');
        return;
      }
      // A revoked indicator is one its producer withdrew: keeping it would raise false alarms.
      if (object.revoked === true) {
        countSkip(collection, 'revoked indicator');
        return;
      }
      const where = `object ${index + 1} (${object.id ?? 'no id'})`;
      if (object.pattern_type !== 'stix' || typeof object.pattern !== 'string') {
        countSkip(collection, `pattern_type ${object.pattern_type ?? 'missing'}`);
        return;
      }
      let tree: Observation;
      try {
        tree = parsePattern(object.pattern);
      } catch (error) {
        const at = error instanceof PatternSyntaxError ? error.message : String(error);
        out.problems.push(problem(input.name, where, 'bad-record', `bad STIX pattern: ${at}`));
        return;
      }
      const base = {
        source,
        ...(object.id ? { ref: object.id } : {}),
        ...(object.valid_from ? { firstSeen: object.valid_from } : {}),
        ...(object.valid_until ? { lastSeen: object.valid_until } : {}),
        ...(typeof object.confidence === 'number' ? { confidence: object.confidence } : {}),
        tags: [...(object.indicator_types ?? []), ...(object.labels ?? [])].map(String),
        attribution: (object.id && attribution.get(object.id)) || [],
        ...(object.name || object.description
          ? { description: object.name || object.description }
          : {}),
      };
      const values = plainValues(tree);
      if (values) {
        for (const v of values) out.indicators.push({ ...base, ...v } satisfies Indicator);
        collection.indicators += values.length;
        return;
      }
      const compiled = compileObservationPattern(tree);
      if (!compiled.ok) {
        out.problems.push(
          problem(
            input.name,
            where,
            'unsupported-pattern',
            `${compiled.reason}; kept, never matched`,
          ),
        );
      }
      out.indicators.push({ ...base, type: 'stix-pattern', value: object.pattern });
      collection.indicators += 1;
    });
    out.collections.push(collection);
    return out;
  },
};
