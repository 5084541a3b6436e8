/**
 * Plain lists: one indicator a line, its type told by its shape, with an optional label after
 * `#` naming the campaign or actor (`e919...f928  # Operation Panda`). A line may also say its
 * type outright (`filename: invoice.pdf.exe`), since a file name and a domain look alike.
 */
import { basename } from 'node:path';
import { problem } from '../../core/problems.js';
import type { Indicator, IndicatorType } from '../model.js';
import { INDICATOR_TYPES } from '../model.js';
import { detectType, normaliseValue } from '../normalise.js';
import { emptyCollection, type FeedResult, type IntelFormat } from './types.js';

/** Lines longer than this are not indicators. */
const MAX_LINE = 4096;

const EXPLICIT = new Set<string>(INDICATOR_TYPES.filter((t) => t !== 'stix-pattern'));

function typed(line: string): { type: IndicatorType; value: string } | undefined {
  const colon = /^([a-z0-9]{2,10})\s*:\s+(.+)$/.exec(line);
  if (colon && EXPLICIT.has(colon[1]!)) {
    return { type: colon[1] as IndicatorType, value: colon[2]! };
  }
  const type = detectType(line);
  return type ? { type, value: line } : undefined;
}

export function parsePlainList(text: string, name: string): FeedResult {
  const source = `list:${basename(name)}`;
  const collection = emptyCollection(source, name, 'list');
  const out: FeedResult = { indicators: [], collections: [collection], problems: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.slice(0, MAX_LINE);
    const hash = line.indexOf('#');
    const body = (hash === -1 ? line : line.slice(0, hash)).trim();
    const label = hash === -1 ? undefined : line.slice(hash + 1).trim() || undefined;
    if (!body) return;
    collection.records += 1;
    const found = typed(body);
    const value = found && normaliseValue(found.type, found.value);
    if (!found || !value) {
      const where = `line ${index + 1}`;
      out.problems.push(
        problem(name, where, 'bad-record', `not an indicator: ${body.slice(0, 80)}`),
      );
      return;
    }
    // A network is matched by containment, which only a pattern expresses.
    const network = found.type === 'ip' && value.includes('/');
    const indicator: Indicator = {
      type: network ? 'stix-pattern' : found.type,
      value: network ? `[ipv4-addr:value = '${value}']` : value,
      source,
      ref: `line ${index + 1}`,
      tags: [],
      attribution: label ? [{ kind: 'campaign', name: label }] : [],
    };
    out.indicators.push(indicator);
    collection.indicators += 1;
  });
  if (collection.attribution.length === 0) {
    collection.attribution = [
      ...new Set(out.indicators.flatMap((i) => i.attribution.map((a) => `${a.kind} ${a.name}`))),
    ];
  }
  return out;
}

export const plainFormat: IntelFormat = {
  id: 'list',
  title: 'plain list, one indicator a line',
  // The fallback: any text whose first meaningful line is an indicator.
  sniff(head) {
    const first = head.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#'));
    if (!first) return false;
    const body = first.split('#')[0]!.trim();
    return typed(body) !== undefined;
  },
  parse: (input) => parsePlainList(input.text, input.name),
};
