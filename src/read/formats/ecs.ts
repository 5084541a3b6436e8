/**
 * Reads Elastic Common Schema documents (Elastic Defend endpoint events and other Elastic Agent
 * data) as JSON lines, a JSON array, or Elasticsearch search hits (`_source`).
 */
import { looksLikeEcs, normaliseEcs } from '../../normalise/ecs.js';
import { isObject } from '../../normalise/row.js';
import { jsonRecords } from '../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { outcomeItem, problemItem } from './items.js';
import { firstJsonRecord } from './sniff.js';

/** The document itself, unwrapped from a search hit when it is one. */
function documentOf(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  return isObject(value['_source']) ? value['_source'] : value;
}

async function* readEcs(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  for await (const item of jsonRecords(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield problemItem(input.name, location, item.code, item.message);
      continue;
    }
    const doc = documentOf(item.value);
    if (!doc) {
      yield problemItem(input.name, location, 'bad-record', 'not a JSON object');
      continue;
    }
    const outcome = normaliseEcs(doc, { input: input.name, location }, 'ecs-json');
    const result = outcomeItem(outcome, input.name, location);
    if (result) yield result;
  }
}

function sniffEcs(sample: SniffSample): number {
  const record = firstJsonRecord(sample.head);
  if (record !== undefined) return looksLikeEcs(documentOf(record)) ? 80 : 0;
  const text = sample.head.toString('utf8');
  if (!/^\s*[[{]/.test(text) || /"winlog"\s*:/.test(text)) return 0;
  return /"@timestamp"\s*:/.test(text) && /"category"\s*:/.test(text) && /"ecs"\s*:/.test(text)
    ? 50
    : 0;
}

export const ecsReader: FormatReader = {
  id: 'ecs-json',
  title: 'Elastic Common Schema documents (Elastic Defend endpoint events, Elastic Agent)',
  source: 'edr',
  signature:
    '{"@timestamp":...,"event":{"category":["process"],"type":["start"]},' +
    '"process":{"pid":...,"parent":{...}},"file":{"hash":{...}},"ecs":{"version":...}}',
  sniff: sniffEcs,
  read: readEcs,
};
